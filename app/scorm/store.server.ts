import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Response } from "express";
import { getEnv } from "~/env.server";

// where imported scorm packages' files live. every instance of the platform must see the same
// files: with several instances, SCORM_STORE_DIR is a volume they all mount (nfs, efs, azure
// files, a kubernetes read-write-many volume). the rest of the app reaches the files only
// through this interface, so an object store (s3-compatible) can replace the folder by
// implementing it: `put` uploads the extracted folder under its storage path, `send` streams
// one object (or redirects to a short-lived signed url), `remove` deletes the prefix.

export interface ContentStore {
  /** a new empty local folder to extract an upload into; the caller removes it when done */
  scratch(): Promise<string>;
  /** stores an extracted folder as a version's files (`<packageId>/<number>`), taking it over */
  put(storagePath: string, extracted: string): Promise<void>;
  /** removes a version's files (an import whose database rows rolled back) */
  remove(storagePath: string): Promise<void>;
  /**
   * sends one file of a version. `segments` are already checked to be plain names (no "..",
   * no "."); dotfiles are refused. `notFound` answers when there is no such file.
   */
  send(storagePath: string, segments: string[], res: Response, notFound: () => void): void;
}

/** the store as a folder on disk (SCORM_STORE_DIR) */
export class DirectoryStore implements ContentStore {
  constructor(readonly root: string) {}

  /** the folder of one stored version; storagePath comes from the database, never a request */
  versionDir(storagePath: string): string {
    const dir = path.resolve(this.root, storagePath);
    if (!dir.startsWith(this.root + path.sep)) throw new Error("scorm storage path escapes the store");
    return dir;
  }

  async scratch() {
    // inside the store, so `put` is a rename on the same file system
    await mkdir(this.root, { recursive: true });
    return mkdtemp(path.join(this.root, ".incoming-"));
  }

  async put(storagePath: string, extracted: string) {
    const dest = this.versionDir(storagePath);
    // left by an import that failed after its move (the rows rolled back, the number is reused)
    if (existsSync(dest)) await rm(dest, { recursive: true, force: true });
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(extracted, dest);
  }

  async remove(storagePath: string) {
    await rm(this.versionDir(storagePath), { recursive: true, force: true });
  }

  send(storagePath: string, segments: string[], res: Response, notFound: () => void) {
    const root = this.versionDir(storagePath);
    const file = path.resolve(root, ...segments);
    if (!file.startsWith(root + path.sep)) return notFound();
    // sendFile refuses directories (no listing) and dotfiles, and sets the mime type. root, not
    // an absolute path: "dotfiles" then applies inside the package only
    res.sendFile(path.relative(root, file), { root, dotfiles: "deny", index: false }, (error) => {
      if (error && !res.headersSent) notFound();
    });
  }
}

let store: DirectoryStore | undefined;
/** the configured store (SCORM_STORE_DIR) */
export function contentStore(): DirectoryStore {
  const root = path.resolve(getEnv().SCORM_STORE_DIR);
  if (store?.root !== root) store = new DirectoryStore(root);
  return store;
}

/** the store's folder (uploads are written beside it before they are imported) */
export function storeRoot(): string {
  return contentStore().root;
}
