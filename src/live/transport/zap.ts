/**
 * ZAP handler (ZeroMQ RFC 27): authenticates CURVE clients against per-domain allow lists.
 *
 * libzmq asks the socket bound at `inproc://zeromq.zap.01` in the socket's context
 * whether a client may connect. One handler per process serves every CURVE server socket;
 * each socket names its list through its `zapDomain`. A domain without a list accepts
 * any client key (CURVE then only encrypts).
 */
import { Router } from "zeromq";

import { z85Encode } from "./curve-keys.js";

const ZAP_ENDPOINT = "inproc://zeromq.zap.01";

/** Authentication decisions, per domain. */
export interface ZapCounts {
  allowed: number;
  denied: number;
}

/** Called once per refused client key and domain: the key (Z85, "" without CURVE) and the peer's address. */
export type DeniedHook = (clientKey: string, address: string) => void;

const lists = new Map<string, Set<string>>();
const deniedHooks = new Map<string, { hook: DeniedHook; told: Set<string> }>();
const counts = new Map<string, ZapCounts>();
let router: Router | undefined;
let started: Promise<void> | undefined;

async function serve(sock: Router): Promise<void> {
  for await (const frames of sock) {
    // [routing id, "", version, request id, domain, address, identity, mechanism, credentials...]
    const [id, , version, requestId, domainF, addressF, , mechanismF, key] = frames;
    const domain = domainF?.toString() ?? "";
    const mechanism = mechanismF?.toString() ?? "";
    const allow = lists.get(domain);
    const clientKey = mechanism === "CURVE" && key?.length === 32 ? z85Encode(key) : "";
    const ok = allow === undefined || (clientKey !== "" && allow.has(clientKey));
    const c = counts.get(domain) ?? { allowed: 0, denied: 0 };
    if (ok) c.allowed++;
    else c.denied++;
    counts.set(domain, c);
    const d = deniedHooks.get(domain);
    // A refused client reconnects every 100 ms or so: say it once per key.
    if (!ok && d && !d.told.has(clientKey)) {
      d.told.add(clientKey);
      d.hook(clientKey, addressF?.toString() ?? "");
    }
    await sock.send([
      id, "", version ?? "1.0", requestId ?? "",
      ok ? "200" : "400", ok ? "OK" : "client key not allowed", ok ? clientKey : "", "",
    ]);
  }
}

/**
 * Only the public keys in `keys` may connect to CURVE server sockets whose `zapDomain` is
 * `domain`. Starts the process's ZAP handler on first use (call before the server socket
 * binds).
 * @param denied told once per refused client key (for the operator's log).
 * @returns release: forget the list; the handler closes (letting the process exit) when none is left.
 */
export async function allowClients(domain: string, keys: string[], denied?: DeniedHook): Promise<() => void> {
  lists.set(domain, new Set(keys));
  if (denied) deniedHooks.set(domain, { hook: denied, told: new Set() });
  if (!started) {
    router = new Router({ linger: 0 });
    started = router.bind(ZAP_ENDPOINT).then(() => {
      void serve(router!).catch(() => undefined);
    });
  }
  await started;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    lists.delete(domain);
    deniedHooks.delete(domain);
    if (lists.size === 0) stopZap();
  };
}

/** Decisions taken for `domain` so far (kept after the handler stops). */
export function zapCounts(domain: string): ZapCounts {
  return { ...(counts.get(domain) ?? { allowed: 0, denied: 0 }) };
}

/** Stops the handler. */
function stopZap(): void {
  router?.close();
  router = undefined;
  started = undefined;
}
