// Attachment checks: size, count and type, the type read from the file's first bytes (its
// "magic number"), never from its name or the browser's claim.
import { createHash, randomBytes } from 'node:crypto';
import { CASE_LIMITS, type FieldError } from '@ayuda/core';

export interface IncomingFile {
  name: string;
  bytes: Uint8Array;
}

export interface CheckedFile {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  publicId: string;
  data: Uint8Array;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The allowed type of `bytes`, or null. */
export function sniffType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  if (bytes.length > 0 && isPlainText(bytes)) return 'text/plain';
  return null;
}

function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Control characters other than tab, newline, carriage return and form feed mean binary.
    return !/[\u0001-\u0008\u000e-\u001f\u007f]/.test(text);
  } catch {
    return false;
  }
}

/** A safe file name to show and to offer for download. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '_').replace(/^\.+/, '').trim();
  return (clean || 'file').slice(-CASE_LIMITS.filenameMax);
}

/** Checks every file; returns the accepted ones or field errors naming each bad file. */
export function checkFiles(files: IncomingFile[], field = 'body.attachments'): { files: CheckedFile[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (files.length > CASE_LIMITS.attachmentsMax) {
    errors.push({ field, message: `at most ${CASE_LIMITS.attachmentsMax} files` });
    return { files: [], errors };
  }
  const out: CheckedFile[] = [];
  files.forEach((f, i) => {
    const where = `${field}.${i}`;
    if (f.bytes.length === 0) errors.push({ field: where, message: `${cleanFilename(f.name)}: the file is empty` });
    else if (f.bytes.length > CASE_LIMITS.attachmentBytesMax) errors.push({ field: where, message: `${cleanFilename(f.name)}: larger than ${CASE_LIMITS.attachmentBytesMax / 1024 / 1024} MB` });
    else {
      const type = sniffType(f.bytes);
      if (!type) errors.push({ field: where, message: `${cleanFilename(f.name)}: this type of file is not accepted (images, PDF or plain text)` });
      else
        out.push({
          filename: cleanFilename(f.name),
          contentType: type,
          size: f.bytes.length,
          sha256: createHash('sha256').update(f.bytes).digest('hex'),
          publicId: randomBytes(16).toString('base64url'),
          data: f.bytes,
        });
    }
  });
  return { files: errors.length ? [] : out, errors };
}
