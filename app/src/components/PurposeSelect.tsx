// The choice of a purpose of use (`Purpose`), with the chain's purposes in plain words.

import { useMemo } from 'preact/hooks';
import { useChain } from '../chain';
import { purposeLabel, purposesOf } from '../words';
import { Field } from './ui';
import { VariantSelect } from './VariantSelect';

export function PurposeSelect({ id, label = 'Purpose', value, onChange, testId }: { id: string; label?: string; value: string; onChange: (purpose: string) => void; testId?: string }) {
  const { api } = useChain();
  const purposes = useMemo(() => (api ? purposesOf(api) : []), [api]);
  return (
    <Field id={id} label={label}>
      <VariantSelect id={id} variants={purposes} words={purposeLabel} value={value} onChange={onChange} testId={testId} />
    </Field>
  );
}
