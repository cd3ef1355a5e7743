/**
 * Live progress of check on a terminal: one line per probe and prediction, redrawn in place with
 * log-update on standard error, and erased before the report is printed. Only for TTYs.
 */
import type { ProgressEvent } from "../features/endpoints.js";
import { style } from "./style.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A live display: `update` takes each event; `stop` erases it. */
export interface LiveProgress {
  readonly update: (e: ProgressEvent) => void;
  readonly stop: () => void;
}

/** Lines of the display for the steps seen so far (pure; the spinner frame is given). */
export function progressLines(steps: ReadonlyMap<string, ProgressEvent>, frame: number): string[] {
  return [...steps.values()].map((e) => {
    const mark =
      e.state === "start"
        ? style.dim(FRAMES[frame % FRAMES.length]!)
        : e.state === "ok"
          ? style.ok("✓")
          : style.err("✗");
    const what = e.step === "endpoint" ? "probing" : "predicting go mod download";
    return `  ${mark} ${what} ${e.label}`;
  });
}

/** Starts a display on stream (process.stderr), redrawn every 80 ms until stopped. */
export async function startProgress(stream: NodeJS.WriteStream): Promise<LiveProgress> {
  const { createLogUpdate } = await import("log-update");
  const draw = createLogUpdate(stream, { showCursor: false });
  const steps = new Map<string, ProgressEvent>();
  let frame = 0;
  const render = () => draw(progressLines(steps, frame++).join("\n"));
  const timer = setInterval(render, 80);
  timer.unref();
  return {
    update: (e) => {
      steps.set(`${e.step} ${e.label}`, e);
      render();
    },
    stop: () => {
      clearInterval(timer);
      draw.clear();
      draw.done();
    },
  };
}
