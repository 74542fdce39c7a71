-- One case submission, as the server executes it (captured by bench/case-pgbench.ts).
\set e random(0, 499)
\set k1 random(1, 2000000000)
\set k2 random(1, 2000000000)
insert into rate_limits (key, window_start, count) values ('cases:ip:127.0.0.1', '2026-12-06T22:00:00.000Z'::timestamptz, 1::integer)
  on conflict (key) do update set
    window_start = greatest(rate_limits.window_start, excluded.window_start),
    count = case when rate_limits.window_start >= excluded.window_start then rate_limits.count + excluded.count else excluded.count end
  returning count, window_start;
begin;
select pg_advisory_xact_lock(hashtextextended('idempotency:cases:create pgbench-:k1-:k2', 7261002)), pg_advisory_xact_lock(hashtextextended('cases:email bench:e@example.com', 7261002));
with stored as (
      select request_hash, status, body from idempotency_keys where scope = 'cases:create' and key = 'pgbench-:k1-:k2'
    ), full_since as (
      select cs.created_at from cases cs join customers cu on cu.id = cs.customer_id
      where cu.email = 'bench:e@example.com' and cs.created_at >= '2026-12-06T21:43:22.780Z'::timestamptz
      order by cs.created_at desc offset 999999 limit 1
    ), go as (
      select 1 where not exists (select 1 from stored) and not exists (select 1 from full_since)
    ), customer as (
      insert into customers (email, name, locale, created_at) select 'bench:e@example.com', 'Cliente', 'es', '2026-12-06T22:43:22.780Z'::timestamptz from go
      on conflict (email) do update set name = excluded.name, locale = excluded.locale
      returning id
    ), numbers as (select nextval(pg_get_serial_sequence('cases', 'id'))::int as id, 'NF'::text || '-' || lpad(n::text, greatest(6, length(n::text)), '0') as reference from nextval('case_reference_seq') as n where exists (select 1 from go))
    select (select json_build_object('requestHash', request_hash, 'status', status, 'body', body) from stored) as stored,
      (select created_at from full_since) as full_since,
      (select id from customer) as customer_id,
      exists (select 1 from entitlements where customer_id = (select id from customer) and status in ('active', 'trialing', 'past_due')) as subscribed,
      (select id from numbers) as case_id, (select reference from numbers) as reference \gset s3_

    with c as (
      insert into cases (id, reference, tracking_hash, tracking_token_enc, customer_id, subject, category, locale, status, lane, channel, created_at, updated_at, first_response_due, resolution_due)
      values (:s3_case_id, ':s3_reference', 'pgbench-:k1-:k2', '1PMWjz7bjlz-x3wv.BzHv3SidpAla5uMUI1T_wg.MDtS2ALqaKfMc3CWTQqm-nxYNRIiBykwOUGgB0bBLLs', :s3_customer_id, 'Consulta de prueba', null, 'es', 'new', 'standard', 'api', '2026-12-06T22:43:22.780Z'::timestamptz, '2026-12-06T22:43:22.780Z'::timestamptz, '2026-12-07T16:00:00.000Z'::timestamptz, '2026-12-11T12:00:00.000Z'::timestamptz)
      returning id
    ), message as (
      insert into case_messages (case_id, author, author_name, body, created_at) select id, 'customer', 'Cliente', 'Desde esta mañana el router parpadea en rojo y no tengo conexión a Internet en ningún dispositivo. Ya lo he reiniciado dos veces y he comprobado los cables.', '2026-12-06T22:43:22.780Z'::timestamptz from c returning id
    ), event as (
      insert into case_events (case_id, type, actor, data, created_at) select id, 'created', 'customer', '{"channel":"api","lane":"standard","attachments":0}'::jsonb, '2026-12-06T22:43:22.780Z'::timestamptz from c
    ), mail as (
      insert into mail_outbox (to_address, locale, template, subject, text, html, next_attempt_at, created_at, case_id, reply_to, attachments)
      select 'bench:e@example.com', 'es', 'case_received', '[:s3_reference] Hemos recibido tu consulta: Consulta de prueba', 'Hola, Cliente:
Hemos recibido tu consulta «Consulta de prueba» con la referencia :s3_reference.
Te responderemos como muy tarde el lunes, 7 de diciembre de 2026, 17:00 CET.
Puedes seguirla y responder desde este enlace privado (no lo compartas):
Ver mi consulta: http://localhost:0/help/es/cases/tok-:k1-:k2

El equipo de atención al cliente de Ayuda', '<!doctype html><html lang="es"><head><meta charset="utf-8"><title>[:s3_reference] Hemos recibido tu consulta: Consulta de prueba</title></head>
<body style="font-family:Arial,sans-serif;line-height:1.5;color:#1b1f24;max-width:36rem">
<p>Hola, Cliente:</p>
<p>Hemos recibido tu consulta «Consulta de prueba» con la referencia :s3_reference.</p>
<p>Te responderemos como muy tarde el lunes, 7 de diciembre de 2026, 17:00 CET.</p>
<p>Puedes seguirla y responder desde este enlace privado (no lo compartas):</p>


<p><a href="http://localhost:0/help/es/cases/tok-:k1-:k2" style="background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:6px;text-decoration:none">Ver mi consulta</a></p><p style="font-size:.85rem;color:#4d5560">http://localhost:0/help/es/cases/tok-:k1-:k2</p>

<p>El equipo de atención al cliente de Ayuda</p>
</body></html>', '2026-12-06T22:43:22.780Z'::timestamptz, '2026-12-06T22:43:22.780Z'::timestamptz, id, null, null::jsonb from c
    ), answer as (
      insert into idempotency_keys (scope, key, request_hash, status, body, created_at)
      select 'cases:create', 'pgbench-:k1-:k2', 'f39cea30c985bffca7e96dafa7b1cc31a84f46fde8add42dcb9ac54865aa14d0', 201, '{"reference":":s3_reference","status":"new","lane":"standard","trackingToken":"tok-:k1-:k2","trackingUrl":"http://localhost:0/help/es/cases/tok-:k1-:k2","createdAt":"2026-12-06T22:43:22.780Z","firstResponseDue":"2026-12-07T16:00:00.000Z","resolutionDue":"2026-12-11T12:00:00.000Z"}'::jsonb, '2026-12-06T22:43:22.780Z'::timestamptz from c
    )
    select (select id from message) as message_id \gset s4_
commit;
