import { useLang } from '../../hooks/useLang';
import type { Programme } from '../../types';
import { Chip } from '../Badges';

/** An organisation's programmes as chips: the letter, with the programme's name as the tooltip. */
export function ProgrammeChips({ programmes }: { programmes: readonly Programme[] }) {
  const { t } = useLang();
  return (
    <span className="chips">
      {programmes.map((programme) => (
        <Chip key={programme} title={t(`programme.${programme}`)}>
          {programme}
        </Chip>
      ))}
    </span>
  );
}
