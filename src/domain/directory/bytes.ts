// Bounds-checked little-endian reads over a byte array, for the Windows binary formats AD stores.

/** Binary data from the directory that does not decode: names the structure, the byte offset and what is wrong. */
export class DirectoryDataError extends Error {
  constructor(
    /** What was being decoded, e.g. `security descriptor`, `SID`. */
    readonly structure: string,
    /** Byte offset within the value where decoding failed. */
    readonly offset: number,
    reason: string,
  ) {
    super(`${structure}: ${reason} (at byte ${offset})`);
    this.name = 'DirectoryDataError';
  }
}

/** Reads fixed-size fields from `bytes`; every read outside the array throws a DirectoryDataError. */
export class ByteReader {
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly structure: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.byteLength;
  }

  /** Throws unless `size` bytes exist at `offset`. */
  need(offset: number, size: number, what: string): void {
    if (offset < 0 || offset + size > this.bytes.byteLength) {
      throw new DirectoryDataError(
        this.structure,
        offset,
        `${what} needs ${size} bytes but only ${Math.max(0, this.bytes.byteLength - offset)} remain`,
      );
    }
  }

  u8(offset: number, what: string): number {
    this.need(offset, 1, what);
    return this.view.getUint8(offset);
  }

  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.view.getUint16(offset, true);
  }

  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getUint32(offset, true);
  }

  /** A big-endian unsigned 48-bit integer (a SID's identifier authority). */
  u48be(offset: number, what: string): number {
    this.need(offset, 6, what);
    return this.view.getUint16(offset, false) * 2 ** 32 + this.view.getUint32(offset + 2, false);
  }

  fail(offset: number, reason: string): never {
    throw new DirectoryDataError(this.structure, offset, reason);
  }
}

/** Writes little-endian fields into a growing list of chunks. */
export class ByteWriter {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  bytes(b: Uint8Array): this {
    this.chunks.push(b);
    this.size += b.byteLength;
    return this;
  }

  u8(value: number): this {
    return this.bytes(Uint8Array.of(value & 0xff));
  }

  u16(value: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    return this.bytes(b);
  }

  u32(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    return this.bytes(b);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

/** Lowercase hexadecimal of `bytes` (for fixtures and messages). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bytes of a hexadecimal string (whitespace ignored); throws on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean))
    throw new Error(`not a hexadecimal byte string: "${clean.slice(0, 40)}"`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
