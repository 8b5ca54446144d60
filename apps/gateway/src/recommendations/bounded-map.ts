export { BoundedMap } from '@followup/config';
