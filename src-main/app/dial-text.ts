/** The hotkey's parser lives in src-shared so the popover's number field reads vanity numbers the same way. */
export { findDialNumber, MAX_DIAL_TEXT, spellOutVanity, type FoundNumber } from '../../src-shared/dial-text';
