/**
 * Kind pluralisation exactly as controller-gen does it (github.com/gobuffalo/flect v1.0.3): the
 * CRD's plural and metadata.name must match for generated files to be interchangeable. Generic
 * pluralisers disagree on many words (`TestQuota`, `…Policy`, `…Index`), so the dictionary and
 * suffix rules are reproduced here as data.
 */

// singular:plural:alternative:flag (u = one-way, c = uncountable, e = exact word only)
const DICTIONARY = `aircraft:aircraft:: beef:beef:beefs: bison:bison:: blues:blues::u chassis:chassis:: deer:deer:: fish:fish:fishes: moose:moose:: police:police:: salmon:salmon:salmons: series:series:: sheep:sheep:: shrimp:shrimp:shrimps: species:species:: swine:swine:swines: trout:trout:trouts: tuna:tuna:tunas: you:you:: child:children:: ox:oxen::e foot:feet:: goose:geese:: man:men:: human:humans:: louse:lice::e mouse:mice:: tooth:teeth:: woman:women:: die:dice::e person:people:: adieu:adieux:adieus: fabliau:fabliaux:: bureau:bureaus:bureaux: criterion:criteria:: ganglion:ganglia:ganglions: lexicon:lexica:lexicons: mitochondrion:mitochondria:mitochondrions: noumenon:noumena:: phenomenon:phenomena:: taxon:taxa:: media:media:: medium:media:mediums:u stadium:stadiums:stadia: aquarium:aquaria:aquariums: auditorium:auditoria:auditoriums: symposium:symposia:symposiums: curriculum:curriculums:curricula: quota:quotas:: alumnus:alumni:alumnuses: bacillus:bacilli:: cactus:cacti:cactuses: coccus:cocci:: focus:foci:focuses: locus:loci:locuses: nucleus:nuclei:nucleuses: octopus:octupuses:octopi: radius:radii:radiuses: syllabus:syllabi:: corpus:corpora:corpuses: genus:genera:: alumna:alumnae:: vertebra:vertebrae:: differentia:differentiae:: minutia:minutiae:: vita:vitae:: larva:larvae:: postcava:postcavae:: praecava:praecavae:: uva:uvae:: apex:apices:apexes: codex:codices:codexes: index:indices:indexes: latex:latices:latexes: vertex:vertices:vertexes: vortex:vortices:vortexes: appendix:appendices:appendixes: radix:radices:radixes: helix:helices:helixes: axis:axes::e crisis:crises:: ellipsis:ellipses::u genesis:geneses:: oasis:oases:: thesis:theses:: testis:testes:: base:bases:: basis:bases::u alias:aliases::e vedalia:vedalias:: use:uses::e abuse:abuses:: cause:causes:: clause:clauses:: cruse:cruses:: excuse:excuses:: fuse:fuses:: house:houses:: misuse:misuses:: muse:muses:: pause:pauses:: ache:aches:: topaz:topazes:: buffalo:buffaloes:buffalos: potato:potatoes:: tomato:tomatoes:: equipment:::c information:::c jeans:::c money:::c news:::c rice:::c dwarf:dwarfs:dwarves: hoof:hoofs:hooves: thief:thieves:: chive:chives:: hive:hives:: move:moves:: movie:movies:: cookie:cookies:: pretorium:pretoriums:: agenda:agendas:: formula:formulas:formulae: shoe:shoes:: toe:toes::e graffiti:graffiti:: ID:IDs::e`;

// Suffix rules in priority order (singular suffix:plural suffix).
const SUFFIXES = `tive:tives eaf:eaves oaf:oaves afe:aves arf:arves rfe:rves rf:rves lf:lves fe:ves ay:ays ey:eys oy:oys quy:quies uy:uys y:ies eau:eaux bula:bulae dula:bulae lula:bulae nula:bulae vula:bulae hedron:hedra ium:ia seum:seums eum:ea oum:oa stracum:straca dum:da elum:ela ilum:ila olum:ola ulum:ula llum:lla ylum:yla imum:ima ernum:erna gnum:gna brum:bra crum:cra terum:tera serum:sera trum:tra antum:anta atum:ata entum:enta etum:eta itum:ita otum:ota utum:uta ctum:cta ovum:ova trix:trices iasis:iases mesis:meses kinesis:kineses resis:reses gnosis:gnoses opsis:opses ysis:yses ouse:ouses lause:lauses us:uses ch:ches io:ios sh:shes ss:sses ez:ezzes iz:izzes tz:tzes zz:zzes ano:anos lo:los to:tos oo:oos o:oes x:xes S:Ses`;

const ACRONYMS = new Set(`OK UTF8 HTML JSON JWT ID UUID SQL ACK ACL ADSL AES ANSI API ARP ATM BGP BSS CCITT CHAP CIDR CIR CLI CPE CPU CRC CRT CSMA CMOS DCE DEC DES DHCP DNS DRAM DSL DSLAM DTE DMI EHA EIA EIGRP EOF ESS FCC FCS FDDI FTP GBIC GEPOF HDLC HTTP HTTPS IANA ICMP IDF IDS IEEE IETF IMAP IP IPS ISDN ISP LACP LAN LAPB LAPF LLC MAC MC MDF MIB MPLS MTU NAC NAT NBMA NIC NRZ NRZI NVRAM OSI OSPF OUI PAP PAT PC PIM PCM PDU POP3 POTS PPP PPTP PTT PVST RAM RARP RFC RIP RLL ROM RSTP RTP RCP SDLC SFD SFP SLARP SLIP SMTP SNA SNAP SNMP SOF SRAM SSH SSID STP SYN TDM TFTP TIA TOFU UDP URL URI USB UTP VC VLAN VLSM VPN W3C WAN WEP WPA WWW`.split(' '));

interface Rule { suffix: string; apply: (s: string) => string }

const singleToPlural = new Map<string, string>();
const pluralToSingle = new Map<string, string>();
const rules: Rule[] = [];

function insertRule(suffix: string, repl: string): void {
  rules.unshift({ suffix, apply: (s) => s.slice(0, s.length - suffix.length) + repl });
  rules.unshift({ suffix: repl, apply: (s) => s });
}

const words = DICTIONARY.split(' ').map((entry) => {
  const [singular, plural, alternative, flag] = entry.split(':') as [string, string, string, string];
  return { singular, plural: plural || singular, alternative, flag };
});
for (const w of words) {
  singleToPlural.set(w.singular, w.plural);
  if (w.flag !== 'u') {
    pluralToSingle.set(w.plural, w.singular);
    if (w.alternative) pluralToSingle.set(w.alternative, w.singular);
  }
}
for (const pair of SUFFIXES.split(' ').reverse()) {
  const [singular, plural] = pair.split(':') as [string, string];
  insertRule(singular, plural);
}
for (const w of words) if (w.flag !== 'e') insertRule(w.singular, w.plural);

const SPACES = new Set(['_', ' ', ':', '-', '/']);
const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();

function cleanPart(part: string): string {
  let s = part.trim();
  for (const sp of SPACES) {
    while (s.startsWith(sp)) s = s.slice(1);
    while (s.endsWith(sp)) s = s.slice(0, -1);
  }
  return ACRONYMS.has(s.toUpperCase()) ? s.toUpperCase() : s;
}

/** flect's word splitting; only the last part matters for pluralisation. */
function lastPart(s: string): string {
  const trimmed = s.trim();
  if (!trimmed) return '';
  if (ACRONYMS.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  const parts: string[] = [];
  const push = (p: string) => { const c = cleanPart(p); if (c) parts.push(c); };
  let prev = '';
  let cur = '';
  for (const c of trimmed) {
    if (SPACES.has(c) || /\s/u.test(c)) { push(cur); cur = c; prev = c; continue; }
    if (isUpper(c) && (!isUpper(prev) || ACRONYMS.has(cur.toUpperCase()))) { push(cur); cur = c; prev = c; continue; }
    if (/[\p{L}\p{Nd}\p{P}`]/u.test(c)) { prev = c; cur += c; continue; }
    push(cur);
    cur = '';
    prev = c;
  }
  push(cur);
  return parts.at(-1) ?? '';
}

function replaceSuffix(original: string, orig: string, replacement: string): string {
  return (original.endsWith(orig) ? original.slice(0, original.length - orig.length) : original) + replacement;
}

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** flect.Pluralize. */
export function pluralize(original: string): string {
  const s = lastPart(original);
  if (!s) return '';
  const exact = singleToPlural.get(original);
  if (exact !== undefined) return exact;
  if (pluralToSingle.has(original)) return original;
  const ls = s.toLowerCase();
  if (pluralToSingle.has(ls)) return original;
  const dict = singleToPlural.get(ls);
  if (dict !== undefined) return replaceSuffix(original, s, s === capitalize(s) ? capitalize(dict) : dict);
  for (const rule of rules) {
    if (s.endsWith(rule.suffix)) return replaceSuffix(original, s, rule.apply(s));
  }
  if (ls.endsWith('s')) return original;
  return original + 's';
}

/** The CRD plural controller-gen derives from a kind: lower-cased flect plural. */
export function defaultPlural(kind: string): string {
  return pluralize(kind).toLowerCase();
}
