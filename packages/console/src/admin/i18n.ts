// The admin screen's own strings for what came after the main catalogue (the API tokens tab);
// its chunk carries them.
export interface AdminStrings {
  tokensIntro: string;
  tokenName: string;
  tokenPrefix: string;
  tokenRole: string;
  created: string;
  lastUsed: string;
  never: string;
  status: string;
  active: string;
  revokedOn: (when: string) => string;
  noTokens: string;
  createToken: string;
  createTokenHeading: string;
  nameRequired: string;
  tokenCreated: (name: string) => string;
  tokenOnce: string;
  copy: string;
  copied: string;
  copyFailed: string;
  done: string;
  revoke: string;
  revokeLabel: (name: string) => string;
  revokeTitle: (name: string) => string;
  revokeMessage: string;
  revoked: (name: string) => string;
  accountExists: string;
  fixField: string;
  emailInvalid: string;
  nameMissing: string;
  nameOneLine: string;
  /** An hourly cost that is no amount; `example` is one in the screen's language. */
  amountInvalid: (example: string) => string;
  /** An hourly cost above the highest, given with its currency. */
  amountTooBig: (max: string) => string;
}

export const es: AdminStrings = {
  tokensIntro: 'Los scripts se identifican con un token de API en lugar de una contraseña (Authorization: Bearer …). Su rol limita lo que pueden hacer, igual que a una persona.',
  tokenName: 'Nombre',
  tokenPrefix: 'Prefijo',
  tokenRole: 'Rol',
  created: 'Creado',
  lastUsed: 'Último uso',
  never: 'nunca',
  status: 'Estado',
  active: 'activo',
  revokedOn: (w) => `revocado el ${w}`,
  noTokens: 'Todavía no hay tokens.',
  createToken: 'Crear token',
  createTokenHeading: 'Nuevo token',
  nameRequired: 'Escribe un nombre que diga para qué es el token.',
  tokenCreated: (n) => `Token «${n}» creado.`,
  tokenOnce: 'Cópialo ahora: no se volverá a mostrar. El servidor solo guarda su huella.',
  copy: 'Copiar',
  copied: 'Token copiado.',
  copyFailed: 'No se pudo copiar; selecciónalo y cópialo a mano.',
  done: 'Hecho, ya lo he guardado',
  revoke: 'Revocar',
  revokeLabel: (n) => `Revocar el token ${n}`,
  revokeTitle: (n) => `¿Revocar el token «${n}»?`,
  revokeMessage: 'Los scripts que lo usan dejarán de funcionar al momento. No se puede deshacer: habría que crear otro token.',
  revoked: (n) => `Token «${n}» revocado.`,
  accountExists: 'Ya hay una cuenta con esta dirección.',
  fixField: 'Revisa este campo.',
  emailInvalid: 'Escribe un correo válido, p. ej. nombre@empresa.com.',
  nameMissing: 'Escribe el nombre de la persona.',
  nameOneLine: 'El nombre va en una línea, sin tabuladores.',
  amountInvalid: (x) => `Escribe un importe, p. ej. ${x}, o déjalo vacío.`,
  amountTooBig: (max) => `Como máximo ${max}.`,
};

export const en: AdminStrings = {
  tokensIntro: 'Scripts sign in with an API token instead of a password (Authorization: Bearer …). Its role bounds what they may do, just as it does a person.',
  tokenName: 'Name',
  tokenPrefix: 'Prefix',
  tokenRole: 'Role',
  created: 'Created',
  lastUsed: 'Last used',
  never: 'never',
  status: 'Status',
  active: 'active',
  revokedOn: (w) => `revoked on ${w}`,
  noTokens: 'No tokens yet.',
  createToken: 'Create token',
  createTokenHeading: 'New token',
  nameRequired: 'Write a name that says what the token is for.',
  tokenCreated: (n) => `Token “${n}” created.`,
  tokenOnce: 'Copy it now: it will not be shown again. The server keeps only its fingerprint.',
  copy: 'Copy',
  copied: 'Token copied.',
  copyFailed: 'Could not copy; select it and copy it by hand.',
  done: 'Done, I have stored it',
  revoke: 'Revoke',
  revokeLabel: (n) => `Revoke the token ${n}`,
  revokeTitle: (n) => `Revoke the token “${n}”?`,
  revokeMessage: 'Scripts using it stop working at once. This cannot be undone: you would make a new token.',
  revoked: (n) => `Token “${n}” revoked.`,
  accountExists: 'There is an account with this address already.',
  fixField: 'Check this field.',
  emailInvalid: 'Enter a valid email address, e.g. name@company.com.',
  nameMissing: 'Enter the person’s name.',
  nameOneLine: 'The name goes on one line, without tabs.',
  amountInvalid: (x) => `Enter an amount, e.g. ${x}, or leave it empty.`,
  amountTooBig: (max) => `At most ${max}.`,
};

export const strings = { es, en };
