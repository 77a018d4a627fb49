/**
 * Gate `live_decode_binary_vs_json`: decoding bar messages off the wire (`decodeFrames`,
 * src/live/wire) in the binary layout vs JSON, same bars. Every decoded binary message must
 * equal its JSON twin (all fields) before timing. Value: median over interleaved rounds of
 * CPU(JSON) / CPU(binary) (higher is better: how much the binary layout saves).
 */
import { barTopic, decodeFrames, encodePayload } from "../../dist/live/wire/index.js";
import { replayInput } from "../fixtures.mjs";
import { interleaved, ratio } from "./lib/measure.mjs";

/** Bar messages of `input`, as the feed would publish them (one publisher, seq per topic). */
function messages(input) {
  const out = [];
  for (let s = 0; s < input.symbols.length; s++) {
    for (let i = input.offsets[s], seq = 1; i < input.offsets[s + 1]; i++, seq++) {
      out.push({ type: "bar", pub: 0xbeef, seq, symbol: input.symbols[s], ts: input.ts[i], open: input.open[i], high: input.high[i], low: input.low[i], close: input.close[i], volume: input.volume[i] });
    }
  }
  return out;
}

/**
 * @param {{rounds: number}} opts
 * @returns {Promise<object[]>} one gate result
 */
export async function run({ rounds }) {
  const msgs = messages(replayInput(4, 25_000, 3));
  const frames = (enc) => msgs.map((m) => [Buffer.from(barTopic(m.symbol)), encodePayload(m, enc)]);
  const json = frames("json");
  const binary = frames("binary");
  for (let i = 0; i < msgs.length; i++) {
    const a = decodeFrames(binary[i]);
    const b = decodeFrames(json[i]);
    for (const k of Object.keys(msgs[i])) {
      if (a[k] !== msgs[i][k] || b[k] !== msgs[i][k]) throw new Error(`live decode message ${i}: ${k} is ${a[k]} (binary), ${b[k]} (JSON), sent ${msgs[i][k]}`);
    }
  }
  const decodeAll = (fs) => () => {
    for (const f of fs) decodeFrames(f);
  };
  const samples = await interleaved({ json: decodeAll(json), binary: decodeAll(binary) }, { rounds });
  const r = ratio(samples.json, samples.binary);
  return [
    {
      id: "live_decode_binary_vs_json",
      title: "live wire: decode binary vs JSON bar messages",
      value: r.median,
      unit: "ratio",
      better: "higher",
      tolerance: { rel: 0.3 },
      limit: 1,
      spread: r,
      detail: `${msgs.length} bar messages, decoded equal in both encodings`,
    },
  ];
}
