/**
 * The builder's unsaved work, kept in the tab's sessionStorage as it is typed
 * so that a sign-in that ends on a 401 does not lose it: the next sign-in of
 * the same person (and tenant) gets it back. An explicit sign-out drops it.
 */
export interface BuilderDraft {
  /** `sub|tenant` of the person who typed it. */
  owner: string;
  text: string;
  name: string;
  description: string;
  /** Set when the draft redefines a stored segment: its id and the version that was opened. */
  segmentId?: string;
  version?: number;
}

const KEY = 'tagstream.builderDraft';

function tabStorage(): Storage | undefined {
  return globalThis.sessionStorage;
}

export function saveDraft(draft: BuilderDraft, storage: Storage | undefined = tabStorage()): void {
  const empty = draft.text.trim() === '' && draft.name.trim() === '' && draft.description.trim() === '' && draft.segmentId === undefined;
  if (empty) storage?.removeItem(KEY);
  else storage?.setItem(KEY, JSON.stringify(draft));
}

export function loadDraft(owner: string, storage: Storage | undefined = tabStorage()): BuilderDraft | undefined {
  const raw = storage?.getItem(KEY);
  if (!raw) return undefined;
  try {
    const draft = JSON.parse(raw) as BuilderDraft;
    return draft.owner === owner && typeof draft.text === 'string' ? draft : undefined;
  } catch {
    return undefined;
  }
}

/** Whether some unsaved builder work waits in this tab, whoever typed it. */
export function hasDraft(storage: Storage | undefined = tabStorage()): boolean {
  return Boolean(storage?.getItem(KEY));
}

export function clearDraft(storage: Storage | undefined = tabStorage()): void {
  storage?.removeItem(KEY);
}
