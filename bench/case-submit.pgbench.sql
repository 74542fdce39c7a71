-- One case submission, as the server executes it (captured by bench/case-pgbench.ts).
\set e random(0, 499)
\set k1 random(1, 2000000000)
\set k2 random(1, 2000000000)
insert into "rate_limits" ("key", "window_start", "count") values ('cases:ip:127.0.0.1', '2026-12-06T01:00:00.000Z', 1) on conflict ("key") do update set "window_start" = greatest("rate_limits"."window_start", excluded.window_start), "count" = case when "rate_limits"."window_start" >= excluded.window_start then "rate_limits"."count" + 1 else 1 end returning "count", "window_start";
select "scope", "key", "request_hash", "status", "body", "created_at" from "idempotency_keys" where ("idempotency_keys"."scope" = 'cases:create' and "idempotency_keys"."key" = 'pgbench-:k1-:k2');
begin;
select pg_advisory_xact_lock(hashtextextended('idempotency:cases:create pgbench-:k1-:k2', 7261002)), pg_advisory_xact_lock(hashtextextended('cases:email bench:e@example.com', 7261002));
select "scope", "key", "request_hash", "status", "body", "created_at" from "idempotency_keys" where ("idempotency_keys"."scope" = 'cases:create' and "idempotency_keys"."key" = 'pgbench-:k1-:k2');
select "cases"."created_at" from "cases" inner join "customers" on "customers"."id" = "cases"."customer_id" where ("customers"."email" = 'bench:e@example.com' and "cases"."created_at" >= '2026-12-06T00:07:06.002Z') order by "cases"."created_at" asc;
insert into "customers" ("id", "email", "name", "locale", "stripe_customer_id", "created_at", "erased_at") values (default, 'bench:e@example.com', 'Cliente', 'es', default, '2026-12-06T01:07:06.002Z', default) on conflict ("email") do update set "name" = 'Cliente', "locale" = 'es' returning "id", "email", "name", "locale", "stripe_customer_id", "created_at", "erased_at" \gset s6_
select "id" from "entitlements" where ("entitlements"."customer_id" = :s6_id and "entitlements"."status" in ('active', 'trialing', 'past_due')) limit 1;
insert into "cases" ("id", "reference", "tracking_hash", "tracking_token_enc", "customer_id", "subject", "category", "locale", "status", "lane", "channel", "assignee", "assignee_id", "created_at", "updated_at", "lane_changed_at", "first_response_due", "resolution_due", "first_responded_at", "solved_at", "closed_at", "pauses") values (default, (select 'NF' || '-' || lpad(n::text, greatest(6, length(n::text)), '0') from nextval('case_reference_seq') as n), 'pgbench-:k1-:k2', 'Kj-kyx2juH8NKfbr.oRzn7jfOtrOub0f0PLKq0w.gnAxp0-dEsMthKbr_2hufZls07MDt-gF2iV7QKYf5Xs', :s6_id, 'Consulta de prueba', null, 'es', 'new', 'standard', 'api', default, default, '2026-12-06T01:07:06.002Z', '2026-12-06T01:07:06.002Z', default, '2026-12-07T16:00:00.000Z', '2026-12-11T12:00:00.000Z', default, default, default, default) returning "id", "reference", "tracking_hash", "tracking_token_enc", "customer_id", "subject", "category", "locale", "status", "lane", "channel", "assignee", "assignee_id", "created_at", "updated_at", "lane_changed_at", "first_response_due", "resolution_due", "first_responded_at", "solved_at", "closed_at", "pauses" \gset s8_
insert into "case_messages" ("id", "case_id", "author", "author_name", "staff_token_id", "staff_user_id", "internal", "body", "created_at") values (default, :s8_id, 'customer', 'Cliente', default, default, default, 'Desde esta mañana el router parpadea en rojo y no tengo conexión a Internet en ningún dispositivo. Ya lo he reiniciado dos veces y he comprobado los cables.', '2026-12-06T01:07:06.002Z') returning "id", "case_id", "author", "author_name", "staff_token_id", "staff_user_id", "internal", "body", "created_at" \gset s9_
insert into "case_events" ("id", "case_id", "type", "actor", "data", "created_at") values (default, :s9_case_id, 'created', 'customer', '{"channel":"api","lane":"standard","attachments":0}', '2026-12-06T01:07:06.002Z');
select pg_notify('ayuda_staff_events', '{"event":"case","data":{"reference":":s8_reference","change":"created","by":"customer","at":"2026-12-06T01:07:06.002Z"},"id":"BQqYusRY-2"}');
insert into "mail_outbox" ("id", "to_address", "locale", "template", "subject", "text", "html", "status", "attempts", "next_attempt_at", "last_error", "transport", "created_at", "sent_at", "case_id", "reply_to", "attachments") values (default, 'bench:e@example.com', 'es', 'case_received', '[:s8_reference] Hemos recibido tu consulta: Consulta de prueba', 'Hola, Cliente:
Hemos recibido tu consulta «Consulta de prueba» con la referencia :s8_reference.
Te responderemos como muy tarde el lunes, 7 de diciembre de 2026, 17:00 CET.
Puedes seguirla y responder desde este enlace privado (no lo compartas):
Ver mi consulta: http://localhost:0/help/es/cases/tok-:k1-:k2

El equipo de atención al cliente de Ayuda', '<!doctype html><html lang="es"><head><meta charset="utf-8"><title>[:s8_reference] Hemos recibido tu consulta: Consulta de prueba</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:36rem">
<p>Hola, Cliente:</p>
<p>Hemos recibido tu consulta «Consulta de prueba» con la referencia :s8_reference.</p>
<p>Te responderemos como muy tarde el lunes, 7 de diciembre de 2026, 17:00 CET.</p>
<p>Puedes seguirla y responder desde este enlace privado (no lo compartas):</p>


<p><a href="http://localhost:0/help/es/cases/tok-:k1-:k2" style="background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">Ver mi consulta</a></p><p style="font-size:.85rem;color:#4d5560">http://localhost:0/help/es/cases/tok-:k1-:k2</p>

<p>El equipo de atención al cliente de Ayuda</p>
</body></html>', default, default, '2026-12-06T01:07:06.002Z', default, default, '2026-12-06T01:07:06.002Z', default, :s9_case_id, null, null);
insert into "idempotency_keys" ("scope", "key", "request_hash", "status", "body", "created_at") values ('cases:create', 'pgbench-:k1-:k2', '2f8babdf86e6b3c46beeaa68bcb2dff61f2c67d3fdd63254eee48166a43af76c', 201, '{"reference":":s8_reference","status":"new","lane":"standard","trackingToken":"tok-:k1-:k2","trackingUrl":"http://localhost:0/help/es/cases/tok-:k1-:k2","createdAt":"2026-12-06T01:07:06.002Z","firstResponseDue":"2026-12-07T16:00:00.000Z","resolutionDue":"2026-12-11T12:00:00.000Z"}', '2026-12-06T01:07:06.002Z');
commit;
