/**
 * src/util/atomic-file.ts: a failed write leaves the previous file byte for byte and no temporary
 * file; errors name the file and say "disk full" for ENOSPC (also when nodejs-polars reports it as
 * text); temporary files of dead processes are cleaned up, those of live ones are not.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import pl from "nodejs-polars";
import { describe, expect, it } from "vitest";

import {
  AtomicWriteError,
  removeStaleTemps,
  replaceFileAtomic,
  writeFileAtomic,
  writeFileAtomicSync,
  writeFrameAtomic,
} from "../../src/util/atomic-file.js";
import { mulberry32 } from "../../src/generate/synthetic.js";
import { beginOutDir } from "../../src/util/out-dir.js";

const tmp = () => mkdtempSync(join(tmpdir(), "barstream-atomic-"));


const enospc = () => Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });

describe("writeFileAtomic", () => {
  it("creates, then replaces, a file; leaves no temporary file", async () => {
    const dir = tmp();
    const f = join(dir, "a.json");
    await writeFileAtomic(f, "one\n");
    expect(readFileSync(f, "utf8")).toBe("one\n");
    await writeFileAtomic(f, new Uint8Array([0x74, 0x77, 0x6f]));
    expect(readFileSync(f, "utf8")).toBe("two");
    expect(readdirSync(dir)).toEqual(["a.json"]);
  });

  it("keeps the previous file byte for byte whenever the write fails part way (seeded, 200 cases)", async () => {
    const dir = tmp();
    const f = join(dir, "equity.csv");
    const rnd = mulberry32(17);
    for (let k = 0; k < 200; k++) {
      const old = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 4000) }, () => Math.floor(rnd() * 256)));
      writeFileSync(f, old);
      const cut = Math.floor(rnd() * 5000);
      const err = await replaceFileAtomic(f, (t) => {
        writeFileSync(t, Buffer.alloc(cut, 0x41));
        throw enospc();
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AtomicWriteError);
      expect((err as AtomicWriteError).code).toBe("ENOSPC");
      expect(readFileSync(f).equals(old)).toBe(true);
      expect(readdirSync(dir)).toEqual(["equity.csv"]);
    }
  });

  it("says 'disk full' and names the file and flag, also for nodejs-polars' text errors (os error 28)", async () => {
    const dir = tmp();
    const f = join(dir, "per_symbol.parquet");
    const err = (await replaceFileAtomic(f, () => {
      throw Object.assign(new Error("parquet: File out of specification: underlying IO error: No space left on device (os error 28)"), { code: "GenericFailure" });
    }, { label: "--out" }).catch((e: unknown) => e)) as AtomicWriteError;
    expect(err.message).toBe(`--out ${f}: cannot write (disk full (ENOSPC)); the previous file, if any, is unchanged`);
    expect(existsSync(f)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("names a missing folder", async () => {
    const f = join(tmp(), "no", "such", "cands.jsonl");
    await expect(writeFileAtomic(f, "x", { label: "--out" })).rejects.toThrow(`--out ${f}: cannot write (folder does not exist (ENOENT))`);
  });
});

describe("writeFrameAtomic", () => {
  it("writes CSV and Parquet that read back equal", async () => {
    const dir = tmp();
    const df = pl.DataFrame({ a: [1, 2, 3], b: ["x", "y", "z"] });
    await writeFrameAtomic(join(dir, "t.csv"), df, "csv");
    await writeFrameAtomic(join(dir, "t.parquet"), df, "parquet", { compression: "zstd" });
    expect(pl.readCSV(join(dir, "t.csv")).toRecords()).toEqual(df.toRecords());
    expect(pl.readParquet(join(dir, "t.parquet")).toRecords()).toEqual(df.toRecords());
    expect(readdirSync(dir).sort()).toEqual(["t.csv", "t.parquet"]);
  });
});

describe("writeFileAtomicSync", () => {
  it("creates the file with the given mode (keygen's secret key: 0600)", () => {
    const f = join(tmp(), "k_secret");
    writeFileAtomicSync(f, "secret\n", { mode: 0o600 });
    expect(readFileSync(f, "utf8")).toBe("secret\n");
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });
});

describe("removeStaleTemps", () => {
  it("removes temporary files of dead processes only", () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const stale = `.equity.csv.tmp-${dead}-0123abcd`;
    const live = `.trades.csv.tmp-${process.ppid}-89abcdef`;
    for (const n of [stale, live, "equity.csv", ".hidden"]) writeFileSync(join(dir, n), "x");
    expect(removeStaleTemps(dir)).toEqual([join(dir, stale)]);
    expect(readdirSync(dir).sort()).toEqual([".hidden", live, "equity.csv"].sort());
  });
});

describe("beginOutDir", () => {
  it("removes the manifest and the files a command can write, nothing else", async () => {
    const dir = tmp();
    for (const n of ["summary.json", "best_strategy.json", "notes.txt"]) writeFileSync(join(dir, n), "old");
    const at = await beginOutDir(dir, ["best_strategy.json", "heatmap.json"]);
    expect(at("x.csv")).toBe(join(dir, "x.csv"));
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });
});
