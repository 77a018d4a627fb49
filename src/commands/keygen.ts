/** `barstream keygen`: a CURVE key pair as two certificate files (for feed/live --curve-*). */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

import type { Argv, CommandModule } from "yargs";

/** Parsed flags of `keygen`. */
export interface KeygenArgs {
  name: string;
  dir: string;
  force: boolean;
}

export const keygenCommand: CommandModule<object, KeygenArgs> = {
  command: "keygen <name>",
  describe: "Make a CURVE key pair: DIR/NAME (public, give to peers) and DIR/NAME_secret (keep private)",
  builder: (y: Argv) =>
    y
      .positional("name", { type: "string", demandOption: true, describe: "Base name of the two files" })
      .option("dir", { type: "string", default: ".", describe: "Folder to write them in (created if missing)" })
      .option("force", { type: "boolean", default: false, describe: "Replace an existing pair (without it keygen refuses, exit 1: peers holding the old public key are locked out)" })
      .example("$0 keygen feed --dir keys && $0 keygen trader --dir keys/clients", "A server pair and a client pair")
      .example("$0 feed ... --curve-key keys/feed_secret --curve-allow keys/clients", "The feed accepts only clients in keys/clients")
      .example("$0 live ... --curve-key keys/clients/trader_secret --curve-server keys/feed", "The client side") as unknown as Argv<KeygenArgs>,
  handler: async (a) => {
    const { newKeyPair, writeCertificate } = await import("../live/transport/curve-keys.js");
    await mkdir(a.dir, { recursive: true });
    const files = writeCertificate(join(a.dir, a.name), newKeyPair(), a.force);
    process.stdout.write(`${files.publicFile}\n${files.secretFile}\n`);
  },
};
