/**
 * A client the CURVE feed refuses is told so and stops (AuthenticationError, exit 1) instead of
 * reporting a silent feed forever; the feed logs the refused key once. Covers a key not in
 * --curve-allow (ZAP 400), a plain client on a CURVE feed (mechanism mismatch) and a wrong
 * --curve-server key (the server hangs up every handshake). Real processes on tcp loopback.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { runLive } from "../../src/live/run.js";
import { readCertificate } from "../../src/live/transport/curve-keys.js";
import { AuthenticationError } from "../../src/live/transport/subscriber.js";
import { EXAMPLES } from "../helpers.js";
import { recordingFactory } from "./double.js";
import { GOOG } from "./fixtures.js";
import { run, start, startFeed, type Proc } from "./procs.js";

const SMA = resolve(EXAMPLES, "strategies/sma_cross.json");
const dir = mkdtempSync(join(tmpdir(), "barstream-curve-auth-"));
let feed: Proc;
let endpoint: string;

beforeAll(async () => {
  for (const name of ["feed", "trader", "stranger"]) await run(["keygen", name, "--dir", dir]);
  ({ feed, endpoint } = await startFeed(["--data", GOOG, "--curve-key", join(dir, "feed_secret"), "--curve-allow", join(dir, "trader")]));
});

afterAll(async () => {
  feed.child.kill("SIGINT");
  await feed.exited;
});

/** `live` on the feed with `extra` flags; it must end by itself (the test timeout is the hang guard). */
async function live(extra: string[]): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const p = start(["live", "--connect", endpoint, "--strategy", SMA, "--symbols", "GOOG", "--quiet", "--json", ...extra]);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

describe("a client the CURVE feed refuses", () => {
  it("with a key not in --curve-allow: 'authentication failed', exit 1; the feed logs the key", async () => {
    const r = await live(["--curve-key", join(dir, "stranger_secret"), "--curve-server", join(dir, "feed")]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`authentication failed: the feed at ${endpoint} refused this client's CURVE key (ZAP status 400)`);
    expect(r.stdout).toBe("");
    const key = readCertificate(join(dir, "stranger")).publicKey;
    await feed.waitFor(/feed: refused CURVE client/);
    expect(feed.stderr()).toContain(`feed: refused CURVE client ${key} from 127.0.0.1: not in --curve-allow`);
    expect(feed.stderr().split(key).length - 1).toBe(1); // once, though the client may have retried
  });

  it("without CURVE on a CURVE feed: says the feed requires CURVE, exit 1", async () => {
    const r = await live([]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`authentication failed: the feed at ${endpoint} requires CURVE (pass --curve-key and --curve-server)`);
  });

  it("with the wrong --curve-server key: the hung-up handshakes are reported, exit 1", async () => {
    const r = await live(["--curve-key", join(dir, "trader_secret"), "--curve-server", join(dir, "stranger")]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/authentication failed: the feed at .* closed 3 CURVE handshakes in a row .*is --curve-server the feed's public key\?/);
  });

  it("runLive rejects with an AuthenticationError (the API's type for it)", async () => {
    const err = await runLive(
      { connect: endpoint, strategy: SMA, symbols: ["GOOG"], curveKey: join(dir, "stranger_secret"), curveServer: join(dir, "feed") },
      {}, undefined, recordingFactory(),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toMatch(/refused this client's CURVE key/);
  });
});
