import type { ReactNode } from 'react';
import type { ApiError } from '../../api';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';
import { AsyncBlock, Empty } from '../Status';

/** One column of an admin table: its header and what each row shows in it. */
export interface Column<T> {
  header: ReactNode;
  cell: (item: T) => ReactNode;
  /** The cells' class (`num`, `mono`, `nowrap`, `strong`). */
  className?: string;
  headerClassName?: string;
}

export interface DataTableProps<T> {
  items: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (item: T) => string;
  /** The buttons of a row, in a last column whose header only screen readers hear. */
  actions?: (item: T) => ReactNode;
  rowClassName?: (item: T) => string | undefined;
  compact?: boolean;
  testId: string;
}

/** A table of records: a header row from the columns, one row per item. */
export function DataTable<T>({ items, columns, rowKey, actions, rowClassName, compact, testId }: DataTableProps<T>) {
  const { t } = useLang();
  return (
    <div className="table-wrap">
      <table className={compact ? 'table table-compact' : 'table'} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th key={index} scope="col" className={column.headerClassName}>
                {column.header}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={rowKey(item)} className={rowClassName?.(item)}>
              {columns.map((column, index) => (
                <td key={index} className={column.className}>
                  {column.cell(item)}
                </td>
              ))}
              {actions && <td className="actions">{actions(item)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A fetched list as a table: loading, the error with a retry, the empty message, or the rows. */
export function AdminTable<T>({
  state,
  empty,
  ...table
}: Omit<DataTableProps<T>, 'items'> & {
  state: { data: Items<T> | undefined; error: ApiError | undefined; loading: boolean; reload: () => void };
  empty: ReactNode;
}) {
  return (
    <AsyncBlock state={state}>
      {(data) => (data.items.length === 0 ? <Empty>{empty}</Empty> : <DataTable items={data.items} {...table} />)}
    </AsyncBlock>
  );
}
