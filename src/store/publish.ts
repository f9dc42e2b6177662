// Giving a complete temporary file its final name without ever replacing an existing file.
import { closeSync, constants, copyFileSync, fsyncSync, linkSync, openSync, rmSync } from 'node:fs';

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Move a complete temporary file to `target` only if `target` does not exist, atomically: link(2)
 * fails with EEXIST instead of replacing (rename would overwrite). On file systems without hard
 * links, an exclusive copy (COPYFILE_EXCL: O_EXCL on the target) does the same, less cheaply.
 */
export function publishNew(tmp: string, target: string): void {
  try {
    linkSync(tmp, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw e;
    copyFileSync(tmp, target, constants.COPYFILE_EXCL);
    fsyncPath(target);
  }
  rmSync(tmp, { force: true });
}
