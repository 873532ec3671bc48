// The choice of one variant of a chain enum (a purpose, an action, a verdict, a reason), each
// in words.

export function VariantSelect({
  id,
  variants,
  words,
  value,
  onChange,
  placeholder,
  testId,
}: {
  id: string;
  /** The variants as the chain names them, from its metadata. */
  variants: string[];
  /** A variant's label. */
  words: (variant: string) => string;
  value: string;
  onChange: (variant: string) => void;
  /** The text of an empty first choice, if there is one. */
  placeholder?: string;
  testId?: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)} data-testid={testId}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {variants.map((v) => (
        <option key={v} value={v}>
          {words(v)}
        </option>
      ))}
    </select>
  );
}
