-- One case submission, as the server executes it (captured by bench/case-pgbench.ts).
\set e random(0, 499)
\set k1 random(1, 2000000000)
\set k2 random(1, 2000000000)
insert into "rate_limits" ("key", "window_start", "count") values ('cases:ip:127.0.0.1', '2026-12-06T00:00:00.000Z', 1) on conflict ("key") do update set "window_start" = greatest("rate_limits"."window_start", excluded.window_start), "count" = case when "rate_limits"."window_start" >= excluded.window_start then "rate_limits"."count" + 1 else 1 end returning "count", "window_start";
select "scope", "key", "request_hash", "status", "body", "created_at" from "idempotency_keys" where ("idempotency_keys"."scope" = 'cases:create' and "idempotency_keys"."key" = 'pgbench-:k1-:k2');
begin;
select pg_advisory_xact_lock(hashtextextended('idempotency:cases:create pgbench-:k1-:k2', 7261002));
select "scope", "key", "request_hash", "status", "body", "created_at" from "idempotency_keys" where ("idempotency_keys"."scope" = 'cases:create' and "idempotency_keys"."key" = 'pgbench-:k1-:k2');
select pg_advisory_xact_lock(hashtextextended('cases:email bench:e@example.com', 7261002));
select "cases"."created_at" from "cases" inner join "customers" on "customers"."id" = "cases"."customer_id" where ("customers"."email" = 'bench:e@example.com' and "cases"."created_at" >= '2026-12-05T23:51:26.609Z') order by "cases"."created_at" asc;
insert into "customers" ("id", "email", "name", "locale", "stripe_customer_id", "created_at", "erased_at") values (default, 'bench:e@example.com', 'Cliente', 'es', default, '2026-12-06T00:51:26.609Z', default) on conflict ("email") do update set "name" = 'Cliente', "locale" = 'es' returning "id", "email", "name", "locale", "stripe_customer_id", "created_at", "erased_at" \gset s7_
select nextval('case_reference_seq') as n \gset s8_
select "id" from "entitlements" where ("entitlements"."customer_id" = :s7_id and "entitlements"."status" in ('active', 'trialing', 'past_due')) limit 1;
insert into "cases" ("id", "reference", "tracking_hash", "tracking_token_enc", "customer_id", "subject", "category", "locale", "status", "lane", "channel", "assignee", "assignee_id", "created_at", "updated_at", "lane_changed_at", "first_response_due", "resolution_due", "first_responded_at", "solved_at", "closed_at", "pauses") values (default, 'NF-:s8_n', '000000000000000000000000000000000000000000000000:s8_n', 'nvMyZSjQC8TgdNS0.O_YN20X8V9xOwJJaxtsWSw.l7FKc77znNmimpQflYDCLfjKWGHMGVIyC1MXfbxlpOQ', :s7_id, 'Consulta de prueba', null, 'es', 'new', 'standard', 'api', default, default, '2026-12-06T00:51:26.609Z', '2026-12-06T00:51:26.609Z', default, '2026-12-07T16:00:00.000Z', '2026-12-11T12:00:00.000Z', default, default, default, default) returning "id", "reference", "tracking_hash", "tracking_token_enc", "customer_id", "subject", "category", "locale", "status", "lane", "channel", "assignee", "assignee_id", "created_at", "updated_at", "lane_changed_at", "first_response_due", "resolution_due", "first_responded_at", "solved_at", "closed_at", "pauses" \gset s10_
insert into "case_messages" ("id", "case_id", "author", "author_name", "staff_token_id", "staff_user_id", "internal", "body", "created_at") values (default, :s10_id, 'customer', 'Cliente', default, default, default, 'Desde esta mañana el router parpadea en rojo y no tengo conexión a Internet en ningún dispositivo. Ya lo he reiniciado dos veces y he comprobado los cables.', '2026-12-06T00:51:26.609Z') returning "id", "case_id", "author", "author_name", "staff_token_id", "staff_user_id", "internal", "body", "created_at" \gset s11_
insert into "case_events" ("id", "case_id", "type", "actor", "data", "created_at") values (default, :s11_case_id, 'created', 'customer', '{"channel":"api","lane":"standard","attachments":0}', '2026-12-06T00:51:26.609Z');
select pg_notify('ayuda_staff_events', '{"event":"case","data":{"reference":"NF-:s8_n","change":"created","by":"customer","at":"2026-12-06T00:51:26.609Z"},"id":"OlDLrJyX-2"}');
insert into "mail_outbox" ("id", "to_address", "locale", "template", "subject", "text", "html", "status", "attempts", "next_attempt_at", "last_error", "transport", "created_at", "sent_at", "case_id", "reply_to", "attachments") values (default, 'bench:e@example.com', 'es', 'case_received', '[NF-:s8_n] Hemos recibido tu consulta: Consulta de prueba', 'Hola, Cliente:
Hemos recibido tu consulta «Consulta de prueba» con la referencia NF-:s8_n.
Te responderemos como muy tarde el lunes, 7 de diciembre de 2026, 17:00 CET.
Puedes seguirla y responder desde este enlace privado (no lo compartas):
Ver mi consulta: http://localhost:0/help/es/cases/tok:s8_n

El equipo de atención al cliente de Ayuda', '<!doctype html><html lang="es"><head><meta charset="utf-8"><title>[NF-:s8_n] Hemos recibido tu consulta: Consulta de prueba</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:36rem">
<p>Hola, Cliente:</p>
<p>Hemos recibido tu consulta «Consulta de prueba» con la referencia NF-:s8_n.</p>
<p>Te responderemos como muy tarde el lunes, 7 de diciembre de 2026, 17:00 CET.</p>
<p>Puedes seguirla y responder desde este enlace privado (no lo compartas):</p>


<p><a href="http://localhost:0/help/es/cases/tok:s8_n" style="background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">Ver mi consulta</a></p><p style="font-size:.85rem;color:#4d5560">http://localhost:0/help/es/cases/tok:s8_n</p>

<p>El equipo de atención al cliente de Ayuda</p>
</body></html>', default, default, '2026-12-06T00:51:26.609Z', default, default, '2026-12-06T00:51:26.609Z', default, :s11_case_id, null, null);
insert into "idempotency_keys" ("scope", "key", "request_hash", "status", "body", "created_at") values ('cases:create', 'pgbench-:k1-:k2', '81ed8963e58d50470d02eb091c65fb1f94297e882d30b7a5b9a5a9cac348d830', 201, '{"reference":"NF-:s8_n","status":"new","lane":"standard","trackingToken":"tok:s8_n","trackingUrl":"http://localhost:0/help/es/cases/tok:s8_n","createdAt":"2026-12-06T00:51:26.609Z","firstResponseDue":"2026-12-07T16:00:00.000Z","resolutionDue":"2026-12-11T12:00:00.000Z"}', '2026-12-06T00:51:26.609Z');
commit;
