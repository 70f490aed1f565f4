/**
 * LZF decompression (liblzf format, as written by PCL for PCD `binary_compressed`).
 *
 * Stream: a control byte c. c < 32: a literal run of c+1 bytes follows. Otherwise a back
 * reference: length L = c >> 5 (7 means "read one more length byte and add it"), then one offset
 * byte; copy L+2 bytes from `out[op - ((c & 31) << 8 | offsetByte) - 1]`, overlap allowed.
 *
 * Speed (measured on a 1M-point x y z intensity sweep, 1.7M tokens, and PCL's cturtle.pcd):
 * the cost is per token (branch mispredictions), not per byte, so the decoder does as few
 * data-dependent branches per token as it can:
 * - "Wild copies" (as in LZ4): away from the ends of both buffers, a literal run is copied as a
 *   fixed 16 or 32 bytes of 4-byte words and a short back reference (≤ 8 bytes, distance ≥ 8) as a
 *   fixed 8 bytes, with no per-byte loop. The bytes written past the token's end are garbage that
 *   the following tokens overwrite before anything reads them (back references only read bytes
 *   below the write position), and the final `op === outLength` check still holds.
 * - Long non-overlapping back references (≥ 32 bytes) use `copyWithin` (a native memmove).
 * - Bounds are checked once per token; the fast branches need no check because `op` and `ip` are
 *   at least 40 / 32 bytes from the ends. Overlapping runs (distance < length) copy byte by byte,
 *   which is what makes them repeat.
 * 4-byte words move through DataView (inlined by the JIT, any alignment, integer so bit-exact).
 */

/** Most output bytes per input byte: a 3-byte back reference copies 264 bytes. */
export const MAX_EXPANSION = 88;

/** Thrown for an LZF stream that is corrupt; the caller adds the file name. */
export class LzfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LzfError';
  }
}

/**
 * Decompress `input` into a new Uint8Array of exactly `outLength` bytes.
 * Throws LzfError when the stream reads past its end, references before the output start,
 * would write past `outLength`, or ends before producing exactly `outLength` bytes.
 */
export function decompressLzf(input: Uint8Array, outLength: number): Uint8Array {
  // Allocate only what the input can fill: the longest back reference is 3 bytes (control, extra
  // length, offset) copying 7 + 255 + 2 = 264 bytes, so LZF expands at most 88×. A lying size prefix
  // (PCD binary_compressed) otherwise allocated 1–4 GB before decoding a byte (found by fuzzing).
  if (!(outLength <= MAX_EXPANSION * input.length)) fail(`declared size ${outLength} is more than ${input.length} compressed bytes can hold (LZF expands at most ${MAX_EXPANSION}×)`);
  const out = new Uint8Array(outLength);
  const inLen = input.length;
  const din = new DataView(input.buffer, input.byteOffset, inLen);
  const dout = new DataView(out.buffer);
  // Wild copies stay inside both buffers while ip <= inSafe and op <= outSafe.
  const inSafe = inLen - 32;
  const outSafe = outLength - 40;
  let ip = 0;
  let op = 0;
  while (ip < inLen) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      // literal run of ctrl + 1 bytes
      const len = ctrl + 1;
      if (ip <= inSafe && op <= outSafe) {
        dout.setInt32(op, din.getInt32(ip, true), true);
        dout.setInt32(op + 4, din.getInt32(ip + 4, true), true);
        dout.setInt32(op + 8, din.getInt32(ip + 8, true), true);
        dout.setInt32(op + 12, din.getInt32(ip + 12, true), true);
        if (len > 16) {
          dout.setInt32(op + 16, din.getInt32(ip + 16, true), true);
          dout.setInt32(op + 20, din.getInt32(ip + 20, true), true);
          dout.setInt32(op + 24, din.getInt32(ip + 24, true), true);
          dout.setInt32(op + 28, din.getInt32(ip + 28, true), true);
        }
        ip += len;
        op += len;
      } else {
        if (op + len > outLength || ip + len > inLen) literalError(ip - 1, len, op, outLength, ip, inLen);
        const end = ip + len;
        while (ip < end) out[op++] = input[ip++];
      }
    } else {
      let len = ctrl >> 5;
      if (len === 7) len += input[ip++];
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - input[ip++];
      // A typed-array read past the end gives undefined (NaN arithmetic): caught here, once.
      if (ip > inLen) fail('back reference truncated at the end of the compressed data');
      len += 2;
      if (ref < 0) refError(ip, 'points before the start of the output');
      const dist = op - ref;
      if (len <= 8 && dist >= 8 && op <= outSafe) {
        // reads ref..ref+7, all below op (dist >= 8): already final
        dout.setInt32(op, dout.getInt32(ref, true), true);
        dout.setInt32(op + 4, dout.getInt32(ref + 4, true), true);
        op += len;
      } else {
        if (op + len > outLength) refError(ip, 'writes past the declared size', outLength);
        if (len >= 32 && dist >= len) {
          out.copyWithin(op, ref, ref + len);
          op += len;
        } else {
          // Overlapping (or short, near the end): byte by byte, so a distance-d run repeats its d bytes.
          let r = ref;
          const end = op + len;
          while (op < end) out[op++] = out[r++];
        }
      }
    }
  }
  if (op !== outLength) fail(`decompressed to ${op} bytes, header declares ${outLength}`);
  return out;
}

// Errors are built out of line: template literals inside the decoder loop made V8 compile the
// whole loop about 2x slower (measured: 45 ms vs 23 ms on the 1M-point sweep).
function fail(message: string): never {
  throw new LzfError(message);
}
function refError(ip: number, problem: string, size?: number): never {
  throw new LzfError(`back reference at input byte ${ip} ${problem}${size === undefined ? '' : ` ${size}`}`);
}
function literalError(at: number, len: number, op: number, outLength: number, ip: number, inLen: number): never {
  if (op + len > outLength) throw new LzfError(`literal run at input byte ${at} writes past the declared size ${outLength}`);
  throw new LzfError(`literal run at input byte ${at} reads past the end of the compressed data (${len} bytes at ${ip}, ${inLen} present)`);
}
