/** Where a command writes and what it reads from its surroundings: the real process, or a test's capture. */
export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Rewrites the current terminal line (progress); a plain line when not a TTY. */
  progress: (line: string, final: boolean) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
