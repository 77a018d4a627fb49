/**
 * Endpoint checks for `feed --bind`, `live --connect` and `live --publish`. libzmq reads a
 * tcp port modulo 2^16 (`tcp://127.0.0.1:70000` silently binds 4464) and answers other
 * mistakes with a bare "Invalid argument", so endpoints are checked here first, naming the flag.
 */
import { UsageError } from "../../util/check.js";

/** Transports barstream uses: `tcp://HOST:PORT`, `ipc://PATH`, `inproc://NAME`. */
export const TRANSPORTS = ["tcp", "ipc", "inproc"] as const;

/**
 * Checks `endpoint` for use as `role` and returns it unchanged.
 *
 * tcp: a non-empty host (name, IPv4, `[IPv6]`, interface or `*`) and a port 1..65535; a bind may
 * also use port 0 or `*` (a free port, chosen by the OS). ipc and inproc: a non-empty path or name.
 *
 * @param flag the flag name for the message, e.g. `bind`.
 * @throws UsageError `--<flag>: ...` saying what is wrong and what is expected.
 */
export function checkEndpoint(endpoint: string, role: "bind" | "connect", flag: string): string {
  const fail = (why: string): never => {
    throw new UsageError(`--${flag}: ${why}, got ${JSON.stringify(endpoint)}`);
  };
  const m = /^([a-z]+):\/\/(.*)$/.exec(endpoint);
  if (!m) return fail("expected an endpoint such as tcp://127.0.0.1:5555, ipc:///tmp/feed.sock or inproc://feed");
  const [, transport, rest] = m;
  if (!(TRANSPORTS as readonly string[]).includes(transport)) return fail(`transport '${transport}' is not one of ${TRANSPORTS.join(", ")}`);
  if (rest === "") return fail(`a ${transport} endpoint needs ${transport === "tcp" ? "HOST:PORT" : "a path or name"}`);
  if (transport !== "tcp") return endpoint;
  const colon = rest.lastIndexOf(":");
  const host = colon < 0 ? "" : rest.slice(0, colon);
  const port = colon < 0 ? "" : rest.slice(colon + 1);
  if (host === "" || port === "") return fail("expected tcp://HOST:PORT");
  const range = role === "bind" ? "0..65535 (0 or *: a free port)" : "1..65535";
  if (port === "*" && role === "bind") return endpoint;
  const n = /^\d{1,5}$/.test(port) ? Number(port) : NaN;
  if (!(n <= 65535 && n >= (role === "bind" ? 0 : 1))) return fail(`port must be ${range}`);
  return endpoint;
}
