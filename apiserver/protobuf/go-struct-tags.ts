/**
 * Build-time reader of the Go struct field lists a Go program keeps for reflection. Every struct type
 * the program can marshal carries its fields as an array of (name, type, offset) records whose name
 * points at an encoded name that includes the field's struct tag, e.g.
 * `json:"value" protobuf:"varint,2,opt,name=value"`. Those tags are the facts encoding/json acts on,
 * so they say which fields keep their zero values in JSON.
 *
 * Only statically linked little-endian ELF64 executables (absolute pointers, as kubectl is released)
 * are read; anything else is refused rather than guessed at.
 */

/** One field of a Go struct, from its reflection record. */
export interface GoStructField {
  /** Go field name. */
  goName: string;
  /** Anonymous (embedded) field. */
  embedded: boolean;
  /** Key of the json tag: the JSON name, or '' for `json:",inline"` style tags. */
  json?: string;
  /** The json tag has `omitempty`. */
  omitempty: boolean;
  /** The json tag has `inline`. */
  inline: boolean;
  /** Field number and (when the tag names it) field name of the protobuf tag. */
  proto?: { number: number; name?: string };
}

/** One named struct type with its field list in declaration order. */
export interface GoStruct {
  /** Import path of the declaring package, e.g. `k8s.io/api/core/v1`. */
  pkgPath: string;
  /** Type name without package qualifier, e.g. `PodSpec`. */
  name: string;
  fields: GoStructField[];
}

interface Section { name: string; addr: number; offset: number; size: number }

/** Layout of internal/abi.Type and StructType on 64-bit targets (Go 1.21 and later). */
const typeTFlag = 20;
const typeKind = 23;
const typeStr = 40;
const structFields = 56;
const structUncommon = 80;
const kindStruct = 25;
const kindMask = 0x1f;
const tflagUncommon = 1;
const tflagExtraStar = 2;

/**
 * The named struct types that carry at least one protobuf tag, keyed `pkgPath.Name`. Kubernetes API
 * structs all do; the rest of the program is of no interest to the decoder tables.
 */
export function readProtobufTaggedStructs(binary: Buffer): Map<string, GoStruct> {
  const rodata = elfSections(binary).find((s) => s.name === '.rodata');
  if (!rodata) throw new Error('no .rodata section: not a Go ELF executable');
  const names = new NameReader(binary, rodata);
  const out = new Map<string, GoStruct>();
  const end = rodata.offset + rodata.size;
  // Type descriptors are pointer aligned; name offsets count from the start of the type data, which
  // the linker puts at the start of .rodata. Names that do not read as `pkg.Name` and an import path
  // are refused, so a different layout fails loudly instead of mislabelling structs.
  for (let p = rodata.offset; p + structUncommon + 16 <= end; p += 8) {
    const tflag = binary[p + typeTFlag];
    if ((binary[p + typeKind] & kindMask) !== kindStruct || !(tflag & tflagUncommon)) continue;
    const array = Number(binary.readBigUInt64LE(p + structFields));
    const len = Number(binary.readBigUInt64LE(p + structFields + 8));
    if (!names.contains(array) || len === 0 || len > 4096 || Number(binary.readBigUInt64LE(p + structFields + 16)) !== len) continue;
    const fields = readFields(binary, names, rodata, array, len);
    if (!fields?.some((f) => f.proto)) continue;
    const typeName = names.text(rodata.addr + binary.readInt32LE(p + typeStr));
    const pkgPath = names.text(rodata.addr + binary.readInt32LE(p + structUncommon));
    // Shape types are the compiler's stand-ins for generic instantiations, not declared structs.
    if (pkgPath === 'go.shape') continue;
    // The type string is `pkg.Name`, with a leading '*' to strip when tflagExtraStar is set.
    const qualified = typeName && tflag & tflagExtraStar ? typeName.slice(1) : typeName;
    if (!qualified || !/^\w+\.\w+$/.test(qualified) || !pkgPath || !/^[\w.~/-]+$/.test(pkgPath)) {
      throw new Error(`struct type at file offset ${p} has unreadable names (${typeName}, ${pkgPath})`);
    }
    const name = qualified.split('.')[1];
    const key = `${pkgPath}.${name}`;
    if (out.has(key)) throw new Error(`two struct types named ${key}`);
    out.set(key, { pkgPath, name, fields });
  }
  return out;
}

/** The `len` (name, type, offset) records at `array`, or undefined when they do not look like one. */
function readFields(bin: Buffer, names: NameReader, rodata: Section, array: number, len: number): GoStructField[] | undefined {
  const fields: GoStructField[] = [];
  let at = array - rodata.addr + rodata.offset;
  for (let i = 0; i < len; i++, at += 24) {
    const field = names.field(Number(bin.readBigUInt64LE(at)));
    if (!field || !names.contains(Number(bin.readBigUInt64LE(at + 8)))) return undefined;
    fields.push(field);
  }
  return fields;
}

function elfSections(bin: Buffer): Section[] {
  const isElf64Le = bin.readUInt32BE(0) === 0x7f454c46 && bin[4] === 2 && bin[5] === 1;
  if (!isElf64Le) throw new Error('not a little-endian ELF64 executable');
  // ET_EXEC: addresses are absolute, so pointers in .rodata can be followed without relocations.
  if (bin.readUInt16LE(0x10) !== 2) throw new Error('not a statically positioned executable (ET_EXEC)');
  const shoff = Number(bin.readBigUInt64LE(0x28));
  const entSize = bin.readUInt16LE(0x3a);
  const count = bin.readUInt16LE(0x3c);
  const names = shoff + bin.readUInt16LE(0x3e) * entSize;
  const strtab = Number(bin.readBigUInt64LE(names + 24));
  const sections: Section[] = [];
  for (let i = 0; i < count; i++) {
    const h = shoff + i * entSize;
    const nameAt = strtab + bin.readUInt32LE(h);
    sections.push({
      name: bin.toString('latin1', nameAt, bin.indexOf(0, nameAt)),
      addr: Number(bin.readBigUInt64LE(h + 16)),
      offset: Number(bin.readBigUInt64LE(h + 24)),
      size: Number(bin.readBigUInt64LE(h + 32)),
    });
  }
  return sections;
}

/** Flags of Go's runtime name encoding (internal/abi.Name). */
const nameExported = 1;
const nameHasTag = 2;
const nameEmbedded = 8;

/** Decodes runtime names (flags byte, varint length, bytes, then the tag the same way) in .rodata. */
class NameReader {
  private readonly bin: Buffer;
  private readonly sec: Section;
  private readonly cache = new Map<number, GoStructField | null>();

  constructor(bin: Buffer, sec: Section) {
    this.bin = bin;
    this.sec = sec;
  }

  contains(addr: number): boolean {
    return addr >= this.sec.addr && addr < this.sec.addr + this.sec.size;
  }

  field(addr: number): GoStructField | undefined {
    let hit = this.cache.get(addr);
    if (hit === undefined) {
      hit = this.decode(addr) ?? null;
      this.cache.set(addr, hit);
    }
    return hit ?? undefined;
  }

  /** The bare text of the name at `addr`. */
  text(addr: number): string | undefined {
    if (!this.contains(addr)) return undefined;
    const p = addr - this.sec.addr + this.sec.offset;
    const [len, at] = this.varint(p + 1);
    return len > 0 ? this.bin.toString('latin1', at, at + len) : undefined;
  }

  private decode(addr: number): GoStructField | undefined {
    if (!this.contains(addr)) return undefined;
    let p = addr - this.sec.addr + this.sec.offset;
    const flags = this.bin[p++];
    if (flags & ~(nameExported | nameHasTag | 4 | nameEmbedded)) return undefined;
    const [len, at] = this.varint(p);
    if (len === 0 || len > 255) return undefined;
    const goName = this.bin.toString('latin1', at, at + len);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(goName)) return undefined;
    const field: GoStructField = { goName, embedded: (flags & nameEmbedded) !== 0, omitempty: false, inline: false };
    if (flags & nameHasTag) {
      const [tagLen, tagAt] = this.varint(at + len);
      parseTag(this.bin.toString('latin1', tagAt, tagAt + tagLen), field);
    }
    return field;
  }

  private varint(p: number): [number, number] {
    let v = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.bin[p++];
      v |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return [v, p];
    }
    return [-1, p];
  }
}

/** Reads the json and protobuf keys of a struct tag (reflect.StructTag conventions). */
function parseTag(tag: string, field: GoStructField): void {
  for (const m of tag.matchAll(/(\w+):"((?:[^"\\]|\\.)*)"/g)) {
    const [key, value] = [m[1], m[2]];
    if (key === 'json') {
      const [name, ...opts] = value.split(',');
      field.json = name;
      field.omitempty = opts.includes('omitempty');
      field.inline = opts.includes('inline');
    } else if (key === 'protobuf') {
      const parts = value.split(',');
      const number = Number(parts[1]);
      const name = parts.find((x) => x.startsWith('name='))?.slice(5);
      if (Number.isInteger(number) && number > 0) field.proto = name ? { number, name } : { number };
    }
  }
}
