import { E as ENCRYPTED_DUMP_EXTENSION, D as DUMP_EXTENSION, C as CHECKSUM_EXTENSION, M as MANIFEST_EXTENSION, a as parseBackupSetName } from './backup-set.js';

// `.dump.age` before `.dump`: a name ending in `.dump.age` must not be read as `<name>.age` + `.dump`.
const ROLE_EXTENSIONS = [
    ['encryptedDump', ENCRYPTED_DUMP_EXTENSION],
    ['dump', DUMP_EXTENSION],
    ['checksum', CHECKSUM_EXTENSION],
    ['manifest', MANIFEST_EXTENSION]
];
/** The set and role of a file name (`<prefix>-<stamp><extension>`); undefined when it follows no set name. */
function parseFileName(fileName) {
    for (const [role, extension] of ROLE_EXTENSIONS) {
        if (!fileName.endsWith(extension))
            continue;
        const name = fileName.slice(0, -extension.length);
        const parsed = parseBackupSetName(name);
        return parsed ? { name, ...parsed, role } : undefined;
    }
    return undefined;
}
/** A set with dump (or encrypted dump) + checksum + manifest is complete; anything less (or both dumps) is incomplete. */
function classify(group) {
    const { dump, encryptedDump, checksum, manifest } = group.files;
    const base = { name: group.name, prefix: group.prefix, createdAt: group.createdAt };
    const present = Object.values(group.files).sort();
    if (dump && encryptedDump) {
        // Which of the two the checksum and manifest describe cannot be told from names; a person must remove one.
        return {
            incomplete: {
                ...base,
                files: present,
                missing: [],
                note: `both ${DUMP_EXTENSION} and ${ENCRYPTED_DUMP_EXTENSION} are present`
            }
        };
    }
    const stored = dump ?? encryptedDump;
    if (stored && checksum && manifest) {
        return {
            complete: {
                ...base,
                encrypted: stored === encryptedDump,
                files: { dump: stored, checksum, manifest }
            }
        };
    }
    const missing = [
        ...(stored ? [] : [`${DUMP_EXTENSION} or ${ENCRYPTED_DUMP_EXTENSION}`]),
        ...(checksum ? [] : [CHECKSUM_EXTENSION]),
        ...(manifest ? [] : [MANIFEST_EXTENSION])
    ];
    return { incomplete: { ...base, files: present, missing } };
}
/** Newest first, then by name (descending). */
function newestFirst(a, b) {
    return (b.createdAt.getTime() - a.createdAt.getTime() ||
        (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

export { classify as c, newestFirst as n, parseFileName as p };
