// Progress for long runs, on stderr unless --quiet. On a terminal: a bar redrawn in place. Elsewhere
// (CI logs, a redirected stderr): one plain line now and then, so a long job is visibly alive and a
// log stays short: a line when another tenth of the work is done (but not within a second of the
// last line), and at least one every 10 seconds; jobs shorter than a second print nothing. The ETA
// is the caller's estimate when it gives one (train weighs its two phases), else the average rate.
import cliProgress from 'cli-progress';

export interface Progress {
  /** `etaSeconds`: the caller's estimate of the time left (default: elapsed / done * remaining);
   *  `etaNote` is shown after it in parentheses (e.g. how it was estimated). */
  update(done: number, fields?: Record<string, string | number>, etaSeconds?: number, etaNote?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly quiet?: boolean;
  /** Where to write (default process.stderr); a bar is drawn only when `isTTY` is true. */
  readonly stream?: { write(s: string): unknown; isTTY?: boolean };
  /** Milliseconds, for tests (default performance.now). */
  readonly now?: () => number;
  /** Non-terminal output: the longest silence between lines, in seconds (default 10). */
  readonly lineEverySeconds?: number;
}

const silent: Progress = { update() {}, stop() {} };

/** 42s, 3m05s, 2h07m. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const infoText = (fields?: Record<string, string | number>): string =>
  fields ? Object.entries(fields).map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(4) : v}`).join(' ') : '';

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (opts.quiet || total <= 0) return silent;
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const etaOf = (done: number, given?: number): number => (given !== undefined ? given : done > 0 ? (((now() - started) / 1000) * (total - done)) / done : NaN);

  if (!stream.isTTY) {
    const everyMs = (opts.lineEverySeconds ?? 10) * 1000;
    let lastLine = started;
    let lastTenth = 0;
    let printed = false;
    let finished = false;
    return {
      update(done, fields, etaSeconds, etaNote) {
        if (finished) return;
        const t = now();
        const tenth = Math.floor((10 * done) / total);
        const end = done >= total;
        const due = t - lastLine >= everyMs || (tenth > lastTenth && t - lastLine >= 1000) || (end && printed);
        if (!due) return;
        const info = infoText(fields);
        const pct = Math.floor((100 * done) / total);
        const tail = end ? `done in ${formatDuration((t - started) / 1000)}` : `${formatDuration((t - started) / 1000)} elapsed, eta ${formatDuration(etaOf(done, etaSeconds))}${etaNote ? ` (${etaNote})` : ''}`;
        stream.write(`${label}: ${pct}% (${done}/${total}), ${tail}${info ? `; ${info}` : ''}\n`);
        lastLine = t;
        lastTenth = tenth;
        printed = true;
        finished = end;
      },
      stop() {},
    };
  }

  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_text} {info}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { info: '', eta_text: '?' });
  return {
    update(done, fields, etaSeconds, etaNote) {
      bar.update(done, { info: infoText(fields), eta_text: `${formatDuration(etaOf(done, etaSeconds))}${etaNote ? ` (${etaNote})` : ''}` });
    },
    stop() {
      bar.stop();
    },
  };
}
