/**
 * A small LZF compressor (liblzf stream format) for tests and the benchmark, so they can build
 * `binary_compressed` PCD files. Not used by the readers. Greedy, one 3-byte hash probe per byte.
 */
export function compressLzf(input: Uint8Array): Uint8Array {
  const n = input.length;
  const out = new Uint8Array(n + (n >> 5) + 16);
  const HLOG = 16;
  const htab = new Int32Array(1 << HLOG).fill(-1);
  let ip = 0;
  let op = 0;
  let lit = 0;
  let litPos = op++;
  while (ip < n) {
    let matched = false;
    if (ip + 2 < n) {
      const v = (input[ip] << 16) | (input[ip + 1] << 8) | input[ip + 2];
      const h = (Math.imul(v, 0x9e3779b1) >>> (32 - HLOG)) & ((1 << HLOG) - 1);
      const ref = htab[h];
      htab[h] = ip;
      const off = ip - ref - 1;
      if (ref >= 0 && off < 8192 && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
        const maxLen = Math.min(264, n - ip);
        let len = 3;
        while (len < maxLen && input[ref + len] === input[ip + len]) len++;
        if (lit) out[litPos] = lit - 1;
        else op--;
        const l = len - 2;
        if (l < 7) out[op++] = (l << 5) | (off >> 8);
        else {
          out[op++] = (7 << 5) | (off >> 8);
          out[op++] = l - 7;
        }
        out[op++] = off & 0xff;
        ip += len;
        lit = 0;
        litPos = op++;
        matched = true;
      }
    }
    if (!matched) {
      out[op++] = input[ip++];
      if (++lit === 32) {
        out[litPos] = 31;
        lit = 0;
        litPos = op++;
      }
    }
  }
  if (lit) out[litPos] = lit - 1;
  else op--;
  return out.slice(0, op);
}
