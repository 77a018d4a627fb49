/** State files, CURVE key files and the feed's replay order. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { openDataset } from "../../src/data/index.js";
import { replayOrder } from "../../src/feed/merge.js";
import { isZ85Key, newKeyPair, readAllowList, readKeyPair, readPublicKey, writeCertificate, z85Encode } from "../../src/live/transport/curve-keys.js";
import { Checkpointer, readState, STATE_FORMAT, STATE_VERSION, writeAtomic } from "../../src/live/session/state.js";
import { CRYPTO } from "./fixtures.js";

const tmp = () => mkdtempSync(join(tmpdir(), "barstream-state-"));

describe("state file", () => {
  it("writes atomically (no temp file left) and reads back; names the file and the problem otherwise", async () => {
    const dir = tmp();
    const file = join(dir, "run.state");
    expect(await readState(file)).toBeUndefined();
    const state = { format: STATE_FORMAT, version: STATE_VERSION, saved_at: "", strategy: { file: "s", name: "s", sha256: "x" }, symbols: ["A"], config: {}, sequences: {}, totals: {}, engine: "{}" };
    await writeAtomic(file, JSON.stringify(state));
    expect(readdirSync(dir)).toEqual(["run.state"]);
    expect(await readState(file)).toEqual(state);
    writeFileSync(file, "{not json");
    await expect(readState(file)).rejects.toThrow(/run\.state: not JSON/);
    writeFileSync(file, JSON.stringify({ ...state, format: "barstream-live-state" }));
    await expect(readState(file)).rejects.toThrow(/format "barstream-live-state", expected "barstream-live-run"/);
    writeFileSync(file, JSON.stringify({ ...state, version: 2 }));
    await expect(readState(file)).rejects.toThrow(/version 2, this build reads 1/);
    const { engine: _e, ...noEngine } = state;
    writeFileSync(file, JSON.stringify(noEngine));
    await expect(readState(file)).rejects.toThrow(/field 'engine' is missing/);
    await expect(writeAtomic(join(dir, "missing", "x.state"), "x")).rejects.toThrow(/x\.state: cannot write \(ENOENT\)/);
  });

  it("checkpoints at most every `everyMs`, only when something changed, and once more on close", async () => {
    const file = join(tmp(), "c.state");
    let n = 0;
    const c = new Checkpointer(file, 1000, () => String(++n));
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
