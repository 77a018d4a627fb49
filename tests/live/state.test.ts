/** State files, CURVE key files and the feed's replay order. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/data/index.js";
import { replayOrder } from "../../src/feed/merge.js";
import { isZ85Key, newKeyPair, readAllowList, readKeyPair, readPublicKey, writeCertificate, z85Encode } from "../../src/live/transport/curve-keys.js";
import { Checkpointer, historyFile, prepareStateFiles, readState, sealState, STATE_FORMAT, STATE_VERSION, writeAtomic, type LiveState } from "../../src/live/session/state.js";
import { CRYPTO } from "./fixtures.js";

const tmp = () => mkdtempSync(join(tmpdir(), "barstream-state-"));

describe("state file", () => {
  it("writes atomically (no temp file left) and reads back; names the file and the problem otherwise", async () => {
    const dir = tmp();
    const file = join(dir, "run.state");
    expect(await readState(file)).toBeUndefined();
    const state = { format: STATE_FORMAT, version: STATE_VERSION, saved_at: "", strategy: { file: "s", name: "s", sha256: "x" }, symbols: ["A"], config: {}, sequences: {}, totals: {}, history_bytes: 0, engine: "{}" } as unknown as LiveState;
    await writeAtomic(file, sealState(state));
    expect(readdirSync(dir)).toEqual(["run.state"]);
    expect(await readState(file)).toEqual(state);
    writeFileSync(file, "{not json");
    await expect(readState(file)).rejects.toThrow(/run\.state: not JSON/);
    writeFileSync(file, sealState({ ...state, format: "barstream-live-state" } as unknown as LiveState));
    await expect(readState(file)).rejects.toThrow(/format "barstream-live-state", expected "barstream-live-run"/);
    writeFileSync(file, sealState({ ...state, version: 3 }));
    await expect(readState(file)).rejects.toThrow(/version 3, this build reads 2/);
    writeFileSync(file, JSON.stringify({ ...state, version: 1 }));
    await expect(readState(file)).rejects.toThrow(/version 1 \(an earlier barstream, without checksum or history log\); this build reads 2 and does not convert it/);
    writeFileSync(file, JSON.stringify(state));
    await expect(readState(file)).rejects.toThrow(`state file ${file} was modified or corrupted (its checksum field 'seal' is missing)`);
    const { engine: _e, ...noEngine } = state;
    writeFileSync(file, sealState(noEngine as LiveState));
    await expect(readState(file)).rejects.toThrow(/field 'engine' is missing/);
    await expect(writeAtomic(join(dir, "missing", "x.state"), "x")).rejects.toThrow(/x\.state: cannot write \(ENOENT\)/);
  });

  it("refuses every one-digit edit of a sealed state as modified or corrupted", async () => {
    const file = join(tmp(), "run.state");
    const state = { format: STATE_FORMAT, version: STATE_VERSION, saved_at: "2026-01-01T00:00:00.000Z", strategy: { file: "s.json", name: "s", sha256: "ab" }, symbols: ["A", "B"], config: { cash: 10_000, commission: 0.001 }, sequences: { "bar.A": { pub: 1, seq: 12 } }, totals: { received: 20, applied: 18 }, history_bytes: 4096, engine: "{\"x\":1}" } as unknown as LiveState;
    const text = sealState(state);
    const body = text.slice(0, text.indexOf(',"seal"'));
    let refused = 0;
    // Every digit after the version (a changed version is refused as such, before the seal).
    for (let at = body.indexOf('"saved_at"'); at < body.length; at++) {
      if (!/[0-9]/.test(body[at])) continue;
      // Another digit keeps the JSON valid (checked): only the seal can tell.
      const edited = `${body.slice(0, at)}${(Number(body[at]) + 1) % 10}${text.slice(at + 1)}`;
      try {
        JSON.parse(edited);
      } catch {
        continue;
      }
      writeFileSync(file, edited);
      await expect(readState(file)).rejects.toThrow(`state file ${file} was modified or corrupted (checksum mismatch)`);
      refused++;
    }
    expect(refused).toBeGreaterThan(30);
  });

  it("checkpoints at most every `everyMs`, only when something changed, and once more on close", async () => {
    const file = join(tmp(), "c.state");
    let n = 0;
    const c = new Checkpointer(file, 1000, () => ({ history: "", state: () => String(++n) }));
    c.tick(5000);
    expect(n).toBe(0); // nothing changed yet
    c.touch();
    c.tick(5000);
    c.touch();
    c.tick(5500); // too soon (and the first write may still be in flight)
    await c.close();
    expect(n).toBe(2);
    expect(readFileSync(file, "utf8")).toBe("2");
    expect(c.written).toBe(2);
  });

  it("appends each history chunk to the log before the state that counts it", async () => {
    const file = join(tmp(), "h.state");
    const log = await prepareStateFiles(file, undefined, () => undefined);
    let k = 0;
    const c = new Checkpointer(file, 0, () => {
      const chunk = `chunk ${++k}`;
      return { history: chunk, state: (bytes) => `${k} ${bytes}` };
    }, log);
    c.touch();
    c.tick(1);
    await c.close();
    expect(readFileSync(historyFile(file), "utf8")).toBe("chunk 1\nchunk 2\n");
    expect(readFileSync(file, "utf8")).toBe("2 16");
    const seen: string[] = [];
    await log.replay((line) => seen.push(line));
    expect(seen).toEqual(["chunk 1", "chunk 2"]);
  });
});

describe("CURVE key files", () => {
  it("writes zcert-style certificates and reads them back; the public file holds no secret", () => {
    const dir = tmp();
    const pair = newKeyPair();
    const { publicFile, secretFile } = writeCertificate(join(dir, "me"), pair);
    expect(readFileSync(publicFile, "utf8")).not.toContain(pair.secretKey);
    expect(readKeyPair(secretFile)).toEqual(pair);
    expect(readPublicKey(publicFile)).toBe(pair.publicKey);
    expect(readPublicKey(pair.publicKey)).toBe(pair.publicKey);
    expect(() => readKeyPair(publicFile)).toThrow(/no secret-key \(pass the NAME_secret file\)/);
    writeCertificate(join(dir, "other"), newKeyPair());
    expect(readAllowList([dir]).sort()).toEqual([pair.publicKey, readPublicKey(join(dir, "other"))].sort());
  });

  it("encodes Z85 as ZeroMQ RFC 32's test vector", () => {
    // RFC 32: the 8 bytes 86 4F D2 6F B5 59 F7 5B encode to "HelloWorld".
    expect(z85Encode(Uint8Array.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]))).toBe("HelloWorld");
    expect(isZ85Key(newKeyPair().publicKey)).toBe(true);
  });
});

describe("replayOrder", () => {
  it("orders every crypto bar by time, then symbol, as a sort would", async () => {
    const { batch } = await (await openDataset(CRYPTO)).load();
    const order = replayOrder(batch);
    const sym = new Int32Array(batch.ts.length);
    for (let s = 0; s < batch.symbols.length; s++) sym.fill(s, batch.offsets[s], batch.offsets[s + 1]);
    const sorted = Array.from(batch.ts.keys()).sort((a, b) => (batch.ts[a] < batch.ts[b] ? -1 : batch.ts[a] > batch.ts[b] ? 1 : sym[a] - sym[b]));
    expect(Array.from(order)).toEqual(sorted);
  });
});
