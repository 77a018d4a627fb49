/**
 * CURVE keys (ZeroMQ RFC 26): Z85 text keys, certificate files, and the allowed-client lists.
 *
 * Certificate files use czmq's zcert text layout, so keys made with other ZeroMQ tools
 * work too: `NAME` holds the public key only (give it to peers), `NAME_secret` holds both.
 *
 *     curve
 *         public-key = "<40 Z85 chars>"
 *         secret-key = "<40 Z85 chars>"
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { curveKeyPair } from "zeromq";

import { writeFileAtomicSync } from "../../util/atomic-file.js";

/** A CURVE key pair, Z85 text (40 chars each). */
export interface KeyPair {
  publicKey: string;
  secretKey: string;
}

const Z85_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
const Z85_KEY = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

/** True when `s` is a 40-character Z85 key. */
export function isZ85Key(s: string): boolean {
  return Z85_KEY.test(s);
}

/** Z85 text of `bytes` (length a multiple of 4), per ZeroMQ RFC 32. ZAP hands client keys over as 32 raw bytes. */
export function z85Encode(bytes: Uint8Array): string {
  if (bytes.length % 4 !== 0) throw new Error(`Z85 needs a multiple of 4 bytes, got ${bytes.length}`);
  let out = "";
  for (let i = 0; i < bytes.length; i += 4) {
    let v = ((bytes[i] << 24) >>> 0) + (bytes[i + 1] << 16) + (bytes[i + 2] << 8) + bytes[i + 3];
    const chunk: string[] = [];
    for (let k = 0; k < 5; k++) {
      chunk.unshift(Z85_CHARS[v % 85]);
      v = Math.floor(v / 85);
    }
    out += chunk.join("");
  }
  return out;
}

/** A fresh key pair from libzmq. */
export function newKeyPair(): KeyPair {
  return curveKeyPair();
}

/**
 * Reads a certificate file (zcert layout, or a bare 40-char key on its own line = public key).
 * @throws Error naming the file when it holds no valid public key.
 */
export function readCertificate(file: string): { publicKey: string; secretKey?: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`CURVE key file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const pub = /public-key\s*=\s*"([^"]*)"/.exec(text)?.[1] ?? (isZ85Key(text.trim()) ? text.trim() : undefined);
  const sec = /secret-key\s*=\s*"([^"]*)"/.exec(text)?.[1];
  if (pub === undefined || !isZ85Key(pub)) throw new Error(`CURVE key file ${file}: no 40-character Z85 public-key`);
  if (sec !== undefined && !isZ85Key(sec)) throw new Error(`CURVE key file ${file}: secret-key is not a 40-character Z85 key`);
  return { publicKey: pub, secretKey: sec };
}

/**
 * Reads a secret certificate (both keys).
 * @throws Error naming the file when the secret key is missing.
 */
export function readKeyPair(file: string): KeyPair {
  const c = readCertificate(file);
  if (!c.secretKey) throw new Error(`CURVE key file ${file}: no secret-key (pass the NAME_secret file)`);
  return { publicKey: c.publicKey, secretKey: c.secretKey };
}

/** A public key given as the key itself or as a certificate file. */
export function readPublicKey(keyOrFile: string): string {
  return isZ85Key(keyOrFile) ? keyOrFile : readCertificate(keyOrFile).publicKey;
}

/**
 * Allowed client keys from keys, certificate files and folders of certificate files
 * (every file not ending in `_secret` and not hidden).
 */
export function readAllowList(items: string[]): string[] {
  const keys: string[] = [];
  for (const item of items) {
    if (isZ85Key(item)) keys.push(item);
    else if (statSync(item, { throwIfNoEntry: false })?.isDirectory()) {
      for (const f of readdirSync(item).sort()) {
        // Hidden files are not certificates (e.g. the temporary file of a killed keygen).
        if (!f.endsWith("_secret") && !f.startsWith(".")) keys.push(readCertificate(join(item, f)).publicKey);
      }
    } else keys.push(readCertificate(item).publicKey);
  }
  return keys;
}

/**
 * Writes `NAME` (public) and `NAME_secret` (both keys, mode 0600) under `base`, each atomically.
 *
 * Refuses to replace either file unless `overwrite`: a new secret key locks out every peer that
 * holds the old public key, and the old secret is gone. Both are checked before either is written,
 * so a refusal writes nothing.
 *
 * @returns the two paths.
 * @throws Error naming the file that already exists (and `--force`).
 */
export function writeCertificate(base: string, pair: KeyPair, overwrite = false): { publicFile: string; secretFile: string } {
  const head = (kind: string) => `#   ZeroMQ CURVE ${kind} Certificate (barstream keygen)\n\nmetadata\ncurve\n`;
  const secretFile = `${base}_secret`;
  if (!overwrite) {
    for (const f of [secretFile, base]) {
      if (existsSync(f)) {
        throw new Error(`${f} already exists: refusing to overwrite a CURVE certificate (peers holding its public key would be locked out); pass --force to replace the pair`);
      }
    }
  }
  // Secret first, created 0600 (never readable by others, even briefly); each file atomically.
  writeFileAtomicSync(secretFile, `${head("**Secret**")}    public-key = "${pair.publicKey}"\n    secret-key = "${pair.secretKey}"\n`, { mode: 0o600 });
  writeFileAtomicSync(base, `${head("Public")}    public-key = "${pair.publicKey}"\n`);
  return { publicFile: base, secretFile };
}
