/**
 * LZF decompression (liblzf format, as written by PCL for PCD `binary_compressed`).
 *
 * Stream: a control byte c. c < 32: a literal run of c+1 bytes follows. Otherwise a back
 * reference: length L = c >> 5 (7 means "read one more length byte and add it"), then one offset
 * byte; copy L+2 bytes from `out[op - ((c & 31) << 8 | offsetByte) - 1]`, overlap allowed.
 */

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
  const out = new Uint8Array(outLength);
  const inLen = input.length;
  // 4-byte moves through DataView (inlined by the JIT, any alignment), bytes for the tails.
  const din = new DataView(input.buffer, input.byteOffset, inLen);
  const dout = new DataView(out.buffer);
  let ip = 0;
  let op = 0;
  while (ip < inLen) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      // literal run of ctrl + 1 bytes
      let len = ctrl + 1;
      if (op + len > outLength) throw new LzfError(`literal run at input byte ${ip - 1} writes past the declared size ${outLength}`);
      if (ip + len > inLen) throw new LzfError(`literal run at input byte ${ip - 1} reads past the end of the compressed data`);
      while (len >= 4) {
        dout.setInt32(op, din.getInt32(ip, true), true);
        op += 4;
        ip += 4;
        len -= 4;
      }
      while (len > 0) {
        out[op++] = input[ip++];
        len--;
      }
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (len === 7) {
        if (ip >= inLen) throw new LzfError('back reference truncated at the end of the compressed data');
        len += input[ip++];
      }
      if (ip >= inLen) throw new LzfError('back reference truncated at the end of the compressed data');
      ref -= input[ip++];
      len += 2;
      if (op + len > outLength) throw new LzfError(`back reference at input byte ${ip} writes past the declared size ${outLength}`);
      if (ref < 0) throw new LzfError(`back reference at input byte ${ip} points before the start of the output`);
      // Overlapping references (distance < 4) repeat bytes just written: copy those one by one.
      if (op - ref >= 4) {
        while (len >= 4) {
          dout.setInt32(op, dout.getInt32(ref, true), true);
          op += 4;
          ref += 4;
          len -= 4;
        }
      }
      while (len > 0) {
        out[op++] = out[ref++];
        len--;
      }
    }
  }
  if (op !== outLength) throw new LzfError(`decompressed to ${op} bytes, header declares ${outLength}`);
  return out;
}
