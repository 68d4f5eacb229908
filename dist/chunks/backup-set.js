/**
 * The file contract: a backup set is three files side by side named
 * `<prefix>-<yyyymmdd-HHMMSS>` (UTC): `.dump` (or `.dump.age`),
 * `.manifest.json` and `.sha256` (`<hex>  <basename>` for the dump and the
 * manifest, so `shasum -a 256 -c` works in the folder and an edited manifest
 * is caught). They appear in that order; the `.sha256` comes last, as it
 * hashes the other two.
 */
const DUMP_EXTENSION = '.dump';
const ENCRYPTED_DUMP_EXTENSION = '.dump.age';
const CHECKSUM_EXTENSION = '.sha256';
const MANIFEST_EXTENSION = '.manifest.json';
/** The set name for a prefix and a UTC time: `backup-20261125-031500`. */
function backupSetName(prefix, at) {
    const iso = at.toISOString(); // 2026-11-25T03:15:00.000Z
    const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
    return `${prefix}-${stamp}`;
}
/** Parses `<prefix>-<yyyymmdd-HHMMSS>` back into prefix and UTC time; undefined when the name does not follow the contract. */
function parseBackupSetName(name) {
    const match = /^(.+)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(name);
    if (!match)
        return undefined;
    const [, prefix, y, mo, d, h, mi, s] = match;
    const createdAt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
    if (Number.isNaN(createdAt.getTime()) || backupSetName(prefix, createdAt) !== name)
        return undefined;
    return { prefix: prefix, createdAt };
}
/**
 * The `.sha256` file of a set: one `<hex>  <basename>` line per file, the
 * dump first, then the manifest (what `shasum -a 256 -c` reads in the folder).
 */
function checksumFileText(entries) {
    return entries.map((entry) => `${entry.sha256}  ${entry.basename}\n`).join('');
}
/**
 * Parses a `.sha256` file: every non-empty line must be `<hex>  <basename>`
 * or `<hex> *<basename>` (binary mode); undefined when any line is not.
 */
function parseChecksumFile(text) {
    const entries = [];
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        const match = /^([0-9a-fA-F]{64}) [ *](.+?)\r?$/.exec(line);
        if (!match)
            return undefined;
        entries.push({ sha256: match[1].toLowerCase(), basename: match[2] });
    }
    return entries.length ? entries : undefined;
}
/**
 * Compares a set's `.sha256` entries with what its files hash to: it must
 * name exactly this set's files, the dump (always) and the manifest (sets
 * written before the manifest was covered have the dump line only), each
 * once, with matching hashes. Returns what is wrong, empty when all is well.
 */
function checksumProblems(entries, actual) {
    const problems = [];
    const seen = new Set();
    for (const entry of entries) {
        const file = [actual.dump, actual.manifest].find((f) => f.basename === entry.basename);
        if (!file)
            problems.push(`.sha256 names ${entry.basename}, which is not a file of this set`);
        else if (seen.has(entry.basename))
            problems.push(`.sha256 names ${entry.basename} twice`);
        else if (file.sha256 !== entry.sha256)
            problems.push(`.sha256 says ${entry.basename} is ${entry.sha256}, it hashes to ${file.sha256}`);
        seen.add(entry.basename);
    }
    if (!seen.has(actual.dump.basename))
        problems.push(`.sha256 has no line for ${actual.dump.basename}`);
    return problems;
}

export { CHECKSUM_EXTENSION as C, DUMP_EXTENSION as D, ENCRYPTED_DUMP_EXTENSION as E, MANIFEST_EXTENSION as M, parseBackupSetName as a, backupSetName as b, checksumProblems as c, checksumFileText as d, parseChecksumFile as p };
