/**
 * The header row of a table that a phone lays out as blocks (globals.css). The
 * roles are explicit because that layout would otherwise cost the table its
 * semantics in some browsers; the rows set theirs the same way.
 */
export function TableHead({ columns }: { columns: string[] }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        {columns.map((column) => (
          <th key={column} scope="col" role="columnheader">
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}
