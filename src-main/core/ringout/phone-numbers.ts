// The rules live in src-shared (the renderer's form applies the same ones); the core's callers import them from here.
export { digitsOf, formatForDisplay, sameNumber, toE164, type NumberCheck } from '../../../src-shared/phone-numbers';
