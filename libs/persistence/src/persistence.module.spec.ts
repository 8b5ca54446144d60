import { get as mongooseOption } from 'mongoose';
import { PersistenceModule } from './persistence.module';

describe('PersistenceModule', () => {
  it('turns off the stack trace every query would otherwise format', () => {
    PersistenceModule.forService('gateway');
    expect(mongooseOption('skipOriginalStackTraces')).toBe(true);
  });
});
