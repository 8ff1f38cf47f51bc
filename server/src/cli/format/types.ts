import type { Finding } from '../../service/types';

/** One checked file and what remains to report about it, with paths already as the user should see them. */
export interface FileReport {
  /** As shown: relative to the working folder when inside it. */
  path: string;
  findings: Finding[];
}

/** Maps a finding's or an edit's `file:` URI to how its path is shown. */
export type ShowUri = (uri: string) => string;
