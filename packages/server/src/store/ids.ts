import { randomBytes } from 'node:crypto';

let counter = randomBytes(3).readUIntBE(0, 3);
const processRandom = randomBytes(5).toString('hex');

/** A MongoDB-style ObjectId: 4 bytes of seconds, 5 random bytes per process, a 3-byte counter. */
export function objectId(now = Date.now()): string {
  counter = (counter + 1) % 0xffffff;
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${processRandom}${counter.toString(16).padStart(6, '0')}`;
}

/** A Graph command id: 48 upper-case hex digits, like upstream's examples. */
export function graphCommandId(): string {
  return randomBytes(24).toString('hex').toUpperCase();
}
