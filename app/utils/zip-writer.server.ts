import zlib from "node:zlib";

// a small zip writer: the demo seed packs the demo scorm package with it, and the tests build
// hostile zips with it. it writes names and sizes exactly as told (real writers such as yazl
// refuse the hostile names and lying headers the importer has to survive), so never feed it
// names from users.

export type ZipEntrySpec = {
  /** written byte for byte (utf-8, flagged as such): "../x", "/etc/passwd", "a\\..\\b" all allowed */
  name: string;
  data?: Buffer | string;
  /** default "deflate" for data, "store" for empty entries */
  method?: "store" | "deflate";
  /** e.g. 0o100644, 0o120777 (symlink); marks the entry as made on unix */
  unixMode?: number;
  /** written into both headers instead of the real size, to lie about it */
  declaredUncompressedSize?: number;
};

const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01
const UTF8_FLAG = 0x0800;

export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const spec of entries) {
    const name = Buffer.from(spec.name, "utf8");
    const data =
      typeof spec.data === "string" ? Buffer.from(spec.data, "utf8") : (spec.data ?? Buffer.alloc(0));
    const method = spec.method ?? (data.length > 0 ? "deflate" : "store");
    const body = method === "deflate" ? zlib.deflateRawSync(data) : data;
    const crc = crc32(data);
    const size = spec.declaredUncompressedSize ?? data.length;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(UTF8_FLAG, 6);
    local.writeUInt16LE(method === "deflate" ? 8 : 0, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra length
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(spec.unixMode === undefined ? 20 : (3 << 8) | 20, 4); // version made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8_FLAG, 8);
    central.writeUInt16LE(method === "deflate" ? 8 : 0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra length
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(spec.unixMode === undefined ? 0 : (spec.unixMode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }

  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, directory, end]);
}

let table: Uint32Array | undefined;
function crc32(data: Buffer): number {
  if (typeof zlib.crc32 === "function") return zlib.crc32(data);
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = (table[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}
