import { Table, TableBody, TableCaption, TableHeader, TableHeaderCell, TableRow } from '@rijkshuisstijl-community/components-react';
import type { ReactNode } from 'react';

interface DataTableProps {
  testId: string;
  /** Names the table for screen readers; shown only when `showCaption` (else it is visually hidden). */
  caption: string;
  showCaption?: boolean;
  /** Column headers; numeric columns align to the end. */
  headers: (string | { label: string; align: 'end' })[];
  /** The rows. */
  children: ReactNode;
}

/** A scrollable table with a caption and column headers: the one table layout of every list. */
export function DataTable({ testId, caption, showCaption = false, headers, children }: DataTableProps) {
  return (
    <div className="vitaal-table-scroll">
      <Table data-testid={testId}>
        <TableCaption className={showCaption ? undefined : 'vitaal-visually-hidden'}>{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            {headers.map((header) =>
              typeof header === 'string' ? (
                <TableHeaderCell key={header} scope="col">
                  {header}
                </TableHeaderCell>
              ) : (
                <TableHeaderCell key={header.label} scope="col" alignCell={header.align}>
                  {header.label}
                </TableHeaderCell>
              ),
            )}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
    </div>
  );
}
