/**
 * The charger's "Charging profiles" tab: the SetChargingProfile editor, the profiles ChargeScope knows are
 * installed, and the composite schedule plotted against the charger's own answer and its meter values.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Charger } from '../../shared/api/types.ts';
import type { ChargingProfile } from '../../shared/ocpp/charging-profile.ts';
import { useResource } from '../api/live.tsx';
import { useCommandContext } from '../commands/use-command-context.ts';
import { useSite } from '../state/site-context.tsx';
import { CompositePanel, profilesMayHaveChanged } from './composite-panel.tsx';
import { InstalledProfiles } from './installed-profiles.tsx';
import { ProfileEditor } from './profile-editor.tsx';
import { formFromProfile } from './profile-form.ts';
import { applyTemplate } from './templates.ts';
import './smart-charging.css';

export function SmartChargingView({ charger }: { charger: Charger }) {
  const id = charger.id;
  const ctx = useCommandContext(charger);
  const { settings } = useSite();
  const refresh = useMemo(() => profilesMayHaveChanged(id), [id]);
  const installed = useResource('GET /api/chargers/:id/charging-profiles', { params: { id } }, refresh);
  const profiles = installed.data ?? [];
  const nextProfileId = profiles.reduce((max, p) => Math.max(max, p.chargingProfileId), 0) + 1;
  // Opens on "limit to 16 A now": a complete, valid profile to start from.
  const [form, setForm] = useState(() => applyTemplate('limit-now', {
    now: new Date(), connectorId: charger.connectors.find((c) => c.connectorId > 0)?.connectorId ?? 1, nextProfileId: 1, limitA: 16, unit: 'A',
  }));

  // Until the engineer touches the editor, its profile id follows the installed list (a new id, not a replacement).
  const initial = useRef(form);
  useEffect(() => {
    if (installed.data === undefined || form !== initial.current || form.chargingProfileId === String(nextProfileId)) return;
    const next = { ...form, chargingProfileId: String(nextProfileId) };
    initial.current = next;
    setForm(next);
  }, [installed.data, nextProfileId, form]);

  const editCopy = (connectorId: number, profile: ChargingProfile) => {
    setForm(formFromProfile(connectorId, profile));
    document.querySelector('.sc-editor')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div className="sc-view" data-testid="smart-charging">
      <div className="sc-top">
        <ProfileEditor charger={charger} ctx={ctx} form={form} setForm={setForm} nextProfileId={nextProfileId} />
        <InstalledProfiles charger={charger} profiles={profiles} loading={installed.loading} error={installed.error} onEditCopy={editCopy} />
      </div>
      <CompositePanel charger={charger} ctx={ctx} voltage={settings?.nominalVoltage ?? 230} />
    </div>
  );
}
