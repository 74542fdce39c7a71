// A synthetic Spanish help-centre corpus for the search benchmark: articles and customer
// queries drawn from a telecom vocabulary with a fixed-seed PRNG, so every run (and every
// machine) indexes and searches exactly the same text.
import type { SearchDocument } from '@ayuda/core/search';

/** mulberry32: small, fast and good enough to pick words. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const between = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

const words = (s: string) => s.trim().split(/\s+/);

// Base words; inflections below multiply them into a vocabulary of a few thousand forms.
const NOUNS = words(`
  factura recibo cargo cobro pago tarjeta cuenta banco domiciliación transferencia importe precio cuota
  tarifa oferta promoción descuento bono permanencia penalización contrato alta baja portabilidad número
  línea móvil teléfono fijo router módem fibra cable antena cobertura señal velocidad conexión red wifi
  contraseña clave usuario correo mensaje llamada buzón roaming datos megas gigas saldo recarga prepago
  tarjeta sim esim pin puk código dispositivo ordenador portátil televisión decodificador mando canal
  paquete partido serie película aplicación app web área cliente perfil titular dirección domicilio
  instalación técnico visita cita avería incidencia corte caída fallo error problema luz botón puerto
  ethernet repetidor amplificador frecuencia banda canal ping latencia descarga subida prueba test
  navegador página servidor dominio dns ip configuración ajuste opción menú pantalla icono notificación
  seguridad robo pérdida bloqueo duplicado reclamación queja consulta solicitud petición trámite gestión
  documento dni nif pasaporte firma justificante certificado copia historial consumo detalle concepto
  impuesto iva periodo ciclo mes semana día hora horario plazo fecha aviso alerta sms whatsapp chat
  soporte atención agente asistencia servicio prioridad caso ticket referencia estado seguimiento respuesta
  reembolso devolución abono compensación garantía reparación sustitución envío mensajería paquete entrega
  tienda oficina distribuidor zona barrio ciudad provincia país extranjero viaje vacaciones empresa autónomo
  hogar casa piso edificio comunidad vecino instalador caja toma roseta enchufe alimentación cargador batería
  tono marcación centralita extensión desvío contestador identificador privacidad spam fraude estafa phishing
  factura electrónica papel email notificación suscripción contenido premium compra pedido catálogo terminal
  modelo marca memoria almacenamiento actualización versión sistema firmware reinicio restablecimiento fábrica
  luces parpadeo naranja rojo verde azul nube almacenamiento copia seguridad antivirus control parental
  menor edad límite gasto consumo exceso tráfico velocidad reducida compartir familia miembro invitado
  cambio traslado mudanza nueva vieja anterior siguiente resumen importe total parcial prorrateo día
`);

const VERBS = words(`
  pagar cobrar cambiar activar desactivar contratar cancelar anular solicitar reclamar consultar comprobar
  revisar configurar instalar conectar desconectar reiniciar restablecer actualizar descargar enviar recibir
  llamar marcar bloquear desbloquear recuperar olvidar entrar acceder registrar modificar añadir quitar
  aplicar ampliar reducir mejorar bajar subir probar medir trasladar mudar portar mantener conservar devolver
  reembolsar abonar facturar domiciliar fraccionar aplazar avisar notificar escalar resolver arreglar reparar
  sustituir enviar entregar recoger programar agendar confirmar validar verificar autorizar firmar pedir
  buscar encontrar navegar ver mirar grabar usar gastar compartir limitar proteger asignar elegir
  perder romper funcionar fallar tardar cortar caer parpadear apagar encender pulsar mover colocar
  responder atender esperar comprar vender suscribir renovar caducar vencer expirar deber deber leer
  entender aparecer desaparecer ocurrir suceder prometer poner meter saber conocer correr recorrer
  abrir cubrir escribir describir compartir permitir recibir decidir añadir introducir producir
`);

const ADJECTIVES = words(`
  nuevo antiguo lento rápido caro barato gratuito mensual anual diario pendiente pagado duplicado
  desconocido incorrecto correcto activo inactivo bloqueado disponible ocupado roto dañado perdido
  robado internacional nacional local móvil fijo inalámbrico digital físico virtual automático manual
  urgente prioritario normal estándar básico completo parcial temporal definitivo personal privado
  público seguro inseguro estable inestable intermitente alto bajo largo corto primero último
  principal secundario compatible abierto cerrado conectado apagado encendido lleno vacío
`);

const FUNCTION_WORDS = words(`
  el la los las un una de del al a en con por para sin sobre desde hasta que se no si y o
  mi tu su nuestro este esta ese esa cuando como donde muy más ya también puede tiene hay
  es son está están debes puedes tienes te le lo nos
`);

const EXTRA = words(`
  nubefibra 4g 5g 600mb 1gb 300mb 24 48 72 1 2 3 5 10 15 30 iphone android samsung xiaomi
  movistar vodafone orange digi bizum paypal visa mastercard netflix disney hbo dazn
  ont onu gpon adsl vdsl lan wan ssid wpa2 wpa3 wps dhcp nat upnp vpn qos mac apn
`);

function stripAccent(s: string) {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

function plural(n: string): string {
  if (/[aeiouáéó]$/.test(n)) return `${n}s`;
  if (/z$/.test(n)) return `${n.slice(0, -1)}ces`;
  // "facturación" → "facturaciones", "módem" → "módems" is close enough for a corpus.
  if (/[áéíóú][ns]$/.test(n)) return `${stripAccent(n)}es`;
  if (/[íú]$/.test(n)) return `${n}es`;
  return `${n}es`;
}

function verbForms(v: string): string[] {
  const stem = v.slice(0, -2);
  const end = v.slice(-2);
  if (end === 'ar') return [v, `${stem}a`, `${stem}an`, `${stem}o`, `${stem}ado`, `${stem}ando`, `${stem}amos`, `${stem}ó`, `${stem}e`, `${stem}ada`];
  if (end === 'er') return [v, `${stem}e`, `${stem}en`, `${stem}o`, `${stem}ido`, `${stem}iendo`, `${stem}emos`, `${stem}ió`, `${stem}a`];
  return [v, `${stem}e`, `${stem}en`, `${stem}o`, `${stem}ido`, `${stem}iendo`, `${stem}imos`, `${stem}ió`, `${stem}a`];
}

function adjectiveForms(a: string): string[] {
  if (a.endsWith('o')) {
    const s = a.slice(0, -1);
    return [a, `${s}a`, `${s}os`, `${s}as`];
  }
  return [a, plural(a)];
}

export interface Vocabulary {
  /** Every content word, in Zipf rank order (index 0 is the most frequent). */
  content: string[];
  nouns: string[];
  functionWords: string[];
}

/** The benchmark vocabulary: a few thousand inflected forms, ranked by a seeded shuffle. */
export function vocabulary(seed = 1): Vocabulary {
  const rng = prng(seed);
  const nouns = [...new Set(NOUNS.flatMap((n) => [n, plural(n)]))];
  const all = new Set<string>([...nouns, ...VERBS.flatMap(verbForms), ...ADJECTIVES.flatMap(adjectiveForms), ...EXTRA]);
  const content = [...all];
  for (let i = content.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [content[i], content[j]] = [content[j]!, content[i]!];
  }
  return { content, nouns, functionWords: FUNCTION_WORDS };
}

/**
 * Draws ranks with probability ∝ 1/(rank + q)^s (Zipf–Mandelbrot), the shape of word
 * frequencies in real text; `q` keeps the first few content words from dominating.
 */
function zipfSampler(n: number, s = 1, q = 10): (rng: Rng) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / Math.pow(i + 1 + q, s);
  return (rng) => {
    const x = rng() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const CATEGORIES = ['billing', 'outages', 'router-wifi', 'mobile', 'tv', 'contracts', 'account', 'moving', 'fast-lane', 'security'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `count` articles: titles of 4–9 words, 2–6 tags, bodies of 150–400 words in sentences. */
export function generateArticles(count: number, seed = 42, vocab = vocabulary()): SearchDocument[] {
  const rng = prng(seed);
  const zipf = zipfSampler(vocab.content.length);
  const contentWord = () => vocab.content[zipf(rng)]!;
  const docs: SearchDocument[] = [];
  for (let i = 0; i < count; i++) {
    const titleLen = between(rng, 4, 9);
    const title: string[] = [];
    while (title.length < titleLen) title.push(rng() < 0.3 && title.length > 0 ? pick(rng, vocab.functionWords) : contentWord());
    const tags = [...new Set(Array.from({ length: between(rng, 2, 6) }, () => (rng() < 0.6 ? pick(rng, vocab.nouns) : contentWord())))];
    const bodyLen = between(rng, 150, 400);
    const sentences: string[] = [];
    let n = 0;
    while (n < bodyLen) {
      const len = Math.min(between(rng, 6, 18), bodyLen - n);
      const s: string[] = [];
      // About four words in ten are function words, as in ordinary Spanish prose.
      for (let k = 0; k < len; k++) s.push(rng() < 0.4 ? pick(rng, vocab.functionWords) : contentWord());
      sentences.push(`${cap(s.join(' '))}.`);
      n += len;
    }
    docs.push({
      slug: `articulo-${i}`,
      title: cap(title.join(' ')),
      category: pick(rng, CATEGORIES),
      tags,
      text: sentences.join(' '),
    });
  }
  return docs;
}

export type QueryKind = 'plain' | 'typo' | 'prefix' | 'unaccented';

/** Introduces one typo: a swapped, dropped, doubled or replaced letter. */
function typo(rng: Rng, w: string): string {
  const i = between(rng, 1, w.length - 2);
  switch (between(rng, 0, 3)) {
    case 0:
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    case 1:
      return w.slice(0, i) + w.slice(i + 1);
    case 2:
      return w.slice(0, i) + w[i] + w.slice(i);
    default:
      return w.slice(0, i) + pick(rng, [...'aeiourstnlcdm']) + w.slice(i + 1);
  }
}

/**
 * `count` queries of 1–4 words. Most reuse words of a random article's title, tags or body
 * (what a customer who needs that article would type); the rest are drawn from the
 * vocabulary. About 15 % carry a typo, 25 % end in a partial word (typing in progress) and
 * 10 % drop their accents.
 */
export function generateQueries(count: number, docs: readonly SearchDocument[], seed = 7, vocab = vocabulary()): Array<{ q: string; kind: QueryKind }> {
  const rng = prng(seed);
  const zipf = zipfSampler(vocab.content.length);
  const out: Array<{ q: string; kind: QueryKind }> = [];
  for (let i = 0; i < count; i++) {
    const n = between(rng, 1, 4);
    let ws: string[];
    if (rng() < 0.7 && docs.length) {
      const d = pick(rng, docs);
      const pool = [...d.title.toLowerCase().split(/\s+/), ...d.tags, ...d.text.toLowerCase().replace(/[.]/g, '').split(/\s+/).slice(0, 60)];
      ws = Array.from({ length: n }, () => pick(rng, pool));
    } else {
      ws = Array.from({ length: n }, () => vocab.content[zipf(rng)]!);
    }
    const r = rng();
    let kind: QueryKind = 'plain';
    if (r < 0.15) {
      const candidates = ws.map((w, k) => [w, k] as const).filter(([w]) => w.length >= 5);
      if (candidates.length) {
        const [w, k] = pick(rng, candidates);
        ws[k] = typo(rng, w);
        kind = 'typo';
      }
    } else if (r < 0.4) {
      const last = ws[ws.length - 1]!;
      if (last.length >= 3) {
        ws[ws.length - 1] = last.slice(0, between(rng, 2, last.length - 1));
        kind = 'prefix';
      }
    } else if (r < 0.5) {
      ws = ws.map(stripAccent);
      kind = 'unaccented';
    }
    out.push({ q: ws.join(' '), kind });
  }
  return out;
}

/**
 * Topic words: a real help centre of 10,000 articles covers hundreds of subjects (devices,
 * plans, places, procedures), each with words of its own. Made-up but pronounceable words
 * stand for them, so the corpus has the long-tailed vocabulary of real text.
 */
function topicWords(rng: Rng, count: number): string[] {
  const onsets = ['b', 'c', 'd', 'f', 'g', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'br', 'cr', 'pl', 'tr', 'gr', 'ch'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ia', 'io', 'ue'];
  const codas = ['', '', '', 'n', 'r', 's', 'l'];
  const out = new Set<string>();
  while (out.size < count) {
    const syllables = between(rng, 2, 4);
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(rng, onsets) + pick(rng, vowels) + (i === syllables - 1 ? pick(rng, codas) : '');
    out.add(w);
  }
  return [...out];
}

export const TOPICAL_DEFAULTS = { topics: 400, wordsPerTopic: 40, topicShare: 0.3 } as const;

/**
 * Articles as in a real help centre: each is about one topic (topics drawn Zipf-like, some
 * far more common than others). About 30 % of its content words and most of its title and
 * tags are that topic's own words; the rest are the shared vocabulary of `generateArticles`.
 */
export function generateTopicalArticles(count: number, seed = 42, vocab = vocabulary(), o = TOPICAL_DEFAULTS): SearchDocument[] {
  const rng = prng(seed);
  const words = topicWords(rng, o.topics * o.wordsPerTopic);
  const topics = Array.from({ length: o.topics }, (_, i) => words.slice(i * o.wordsPerTopic, (i + 1) * o.wordsPerTopic));
  const topicOf = zipfSampler(o.topics, 1, 20);
  const common = zipfSampler(vocab.content.length);
  const inTopic = zipfSampler(o.wordsPerTopic, 1, 2);
  const docs: SearchDocument[] = [];
  for (let i = 0; i < count; i++) {
    const topic = topics[topicOf(rng)]!;
    const word = (share: number) => (rng() < share ? topic[inTopic(rng)]! : vocab.content[common(rng)]!);
    const titleLen = between(rng, 4, 9);
    const title: string[] = [];
    while (title.length < titleLen) title.push(rng() < 0.25 && title.length > 0 ? pick(rng, vocab.functionWords) : word(0.6));
    const tags = [...new Set(Array.from({ length: between(rng, 2, 6) }, () => word(0.7)))];
    const bodyLen = between(rng, 150, 400);
    const sentences: string[] = [];
    let n = 0;
    while (n < bodyLen) {
      const len = Math.min(between(rng, 6, 18), bodyLen - n);
      const s: string[] = [];
      for (let k = 0; k < len; k++) s.push(rng() < 0.4 ? pick(rng, vocab.functionWords) : word(o.topicShare));
      sentences.push(`${cap(s.join(' '))}.`);
      n += len;
    }
    docs.push({ slug: `articulo-${i}`, title: cap(title.join(' ')), category: pick(rng, CATEGORIES), tags, text: sentences.join(' ') });
  }
  return docs;
}
