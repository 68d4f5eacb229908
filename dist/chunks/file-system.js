import { constants } from 'node:fs';
import { stat, access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { I as InputError } from './_commonjsHelpers.js';

/** Rounds to three decimals (milliseconds of a duration in seconds): logs and outputs stay short and stable. */
const round3 = (n) => Math.round(n * 1000) / 1000;

/** Plain words for the file-system errors a person can act on; undefined for anything else. */
const CAUSES = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted (immutable file or folder?)',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'it is a folder',
    EIO: 'input/output error (failing disk?)',
    EFBIG: 'file too large for this file system',
    ENOENT: 'no such file or folder'
};
/** `no space left on device (ENOSPC)` for a file-system error, undefined when it is not one. */
function fileSystemCause(error) {
    const code = error?.code;
    return code && CAUSES[code] ? `${CAUSES[code]} (${code})` : undefined;
}
/**
 * Checks, before any connection and without creating anything, that a
 * folder can be written: it is a folder (or can be created under its nearest
 * existing parent) on a writable file system. access(W_OK) reports a
 * read-only mount even to root, whom permissions never stop. Throws
 * InputError(`input`) naming the path and the cause.
 */
async function assertWritableFolder(input, folder) {
    let existing = folder;
    for (;;) {
        try {
            const info = await stat(existing);
            if (!info.isDirectory())
                throw new InputError(input, existing === folder
                    ? `${folder} is a file, not a folder: pass a folder path`
                    : `cannot create ${folder}: ${existing} is a file, not a folder`);
            break;
        }
        catch (error) {
            if (error instanceof InputError)
                throw error;
            // ENOTDIR: a parent is a file; walking up finds it and says so.
            const code = error.code;
            if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(existing) === existing)
                throw new InputError(input, `cannot use ${folder}: ${fileSystemCause(error) ?? String(error)}`);
            existing = dirname(existing);
        }
    }
    try {
        await access(existing, constants.W_OK | constants.X_OK);
    }
    catch (error) {
        throw new InputError(input, `${existing === folder ? folder : `cannot create ${folder}: ${existing}`} is not writable: ${fileSystemCause(error) ?? String(error)}`);
    }
}

export { assertWritableFolder as a, fileSystemCause as f, round3 as r };
