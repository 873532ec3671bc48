// The choice of an organization among `organizations`, each by its name.

import type { Organization } from '../orgs';

export function OrgSelect({
  id,
  organizations,
  value,
  onChange,
  placeholder,
  testId,
}: {
  id: string;
  organizations: Organization[];
  value: number | null;
  onChange: (org: number | null) => void;
  /** The text of the empty choice; none when not given (an organization is always chosen). */
  placeholder?: string;
  testId?: string;
}) {
  return (
    <select
      id={id}
      value={value === null ? '' : String(value)}
      onChange={(e) => {
        const v = (e.target as HTMLSelectElement).value;
        onChange(v === '' ? null : Number(v));
      }}
      data-testid={testId}
    >
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {organizations.map((o) => (
        <option key={o.id} value={String(o.id)}>
          {o.name}
        </option>
      ))}
    </select>
  );
}
