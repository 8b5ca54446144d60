import { Callout, Text } from '@radix-ui/themes';
import { ReactNode } from 'react';

/** A form control under its visible label (the label element names the control for assistive technology). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <Text size="2" weight="bold">
        {label}
      </Text>
      {children}
    </label>
  );
}

/** The free-text note a decision carries; the API keeps it, so people are asked to leave personal data out. */
export function NoteField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <Field label="Note (no personal data)">
      <textarea className="native-textarea" value={value} onChange={(event) => onChange(event.target.value)} maxLength={1000} />
    </Field>
  );
}

/** Says that a list shows only part of what exists, and which part. */
export function PartialListNote({ children }: { children: ReactNode }) {
  return (
    <Callout.Root color="amber" size="1" role="note">
      <Callout.Text>{children}</Callout.Text>
    </Callout.Root>
  );
}
