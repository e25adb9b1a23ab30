/** How long Ringside waits for a receiver's answer before counting the try as timed out (the worker's limit, the words "no answer within 15 s"). Zod-free, so the popover's first chunk can word it. */
export const WEBHOOK_REQUEST_TIMEOUT_SECONDS = 15;
