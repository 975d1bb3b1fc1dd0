// The longest password a device accepts, for the password fields' maxLength. A file of its own, without
// zod, so the renderer can import the value (as practice-models.ts) without bundling the schema library.
import { PASSWORD_LENGTH } from '../device-rules/password-rule';

export const PASSWORD_MAX_LENGTH: number = PASSWORD_LENGTH.max;
