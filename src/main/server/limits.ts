/**
 * What one browser-mode client can make the server hold, and why each bound is what it is.
 *
 * The largest request is a whole document (file:save, recovery:save, train:start, onnx:export), sent as compact
 * JSON. Measured: LeNet-5 is 2.6 KB, and 332 KB with trained weights (61,706 parameters; weights are float32 as
 * base64, 16/3 bytes a parameter). A document at the schema's limits without weights (100,000 nodes, 400,000
 * edges) is 34 MB. 64 MiB holds that, or 12 million trained parameters (200 LeNet-5s, more than ResNet-18's
 * 11.7M), beyond what the engine trains on a CPU. The cap is checked on the frame's header, before buffering.
 *
 * Handling a frame costs about five times its size (measured: 324 MB of RSS for one 60 MB recovery:save: the
 * received bytes, the decoded text, the parsed document, the serialised copy and its write buffer), so the server
 * admits at most FRAME_BUDGET_BYTES of frames to run at once across all clients, and MAX_IN_FLIGHT requests per
 * client; further frames wait with the client's socket paused, so TCP pushes back on the sender instead of the
 * server buffering them.
 */
import { MAX_FRAME_BYTES } from '../../shared/limits.ts';

export { MAX_FRAME_BYTES };

/** Frames running at once, all clients together; one frame larger than this still runs, alone. */
export const FRAME_BUDGET_BYTES = 2 * MAX_FRAME_BYTES;

/** Requests one client may have running; the app itself rarely has more than three (info, samples, autosave). */
export const MAX_IN_FLIGHT = 8;

/** WebSocket connections at once: one per open tab; more is a script, not a person. */
export const MAX_CLIENTS = 8;

/** Replies and events queued for a page that stopped reading; past this the page is dropped (it reconnects). */
export const MAX_OUTBOX_BYTES = 2 * MAX_FRAME_BYTES;
