import { fail, inconclusive, skipped } from '../verdicts.ts';
import { payloadOf, type CaseDef } from '../types.ts';
import { reactionMs } from './helpers.ts';

const FIRMWARE_DONE = ['Installed', 'DownloadFailed', 'InstallationFailed'];
const DIAGNOSTICS_DONE = ['Uploaded', 'UploadFailed'];

export const fileCases: CaseDef[] = [
  {
    id: 'diagnostics.upload', title: 'GetDiagnostics uploads a file', profile: 'FirmwareManagement', manual: false, needs: ['protocol'],
    tc: 'TC_045_1_CS', spec: 'OCPP 1.6 §5.9, §4.4',
    description: 'GetDiagnostics (§5.9) with an upload location of ChargeScope\'s is answered (with a fileName when there is something to upload); DiagnosticsStatusNotification (§4.4) reports Uploading then Uploaded, and the file arrives.',
    async run(ctx, { transfers }) {
      if (!transfers) throw inconclusive('no file server in this setup');
      const t = transfers.createDiagnostics(ctx.chargerId, ctx.params.protocol);
      const from = ctx.mark();
      const r = await ctx.call('GetDiagnostics', { location: t.location });
      if (r.errorCode !== null) throw fail(`GetDiagnostics was answered with CALLERROR ${r.errorCode}`);
      if (!r.result?.['fileName']) throw inconclusive('the charger answered without a fileName: it has no diagnostics to upload');
      const limit = ctx.params.rebootSec * 1000;
      const end = await ctx.waitCall('DiagnosticsStatusNotification', from, limit, (p) => DIAGNOSTICS_DONE.includes(String(p['status'])));
      if (!end) throw fail(`no DiagnosticsStatusNotification Uploaded within ${ctx.params.rebootSec} s`);
      if (payloadOf(end)['status'] !== 'Uploaded') throw fail(`the upload ended ${String(payloadOf(end)['status'])} (#${end.seq})`);
      const done = await ctx.waitEvent(from, reactionMs(ctx), (s) => s.event.type === 'transfer' && s.event.transfer.id === t.id && s.event.transfer.state === 'done');
      if (!done) throw fail(`the charger reported Uploaded but no file reached ${t.location}`);
      return `${String(r.result['fileName'])} uploaded over ${ctx.params.protocol}`;
    },
  },
  {
    id: 'firmware.update', title: 'UpdateFirmware downloads, installs and reboots', profile: 'FirmwareManagement', manual: false, onlyWhenAsked: true,
    needs: ['firmwareId', 'protocol'], tc: 'TC_044_1_CS', spec: 'OCPP 1.6 §5.19, §4.5',
    description: 'UpdateFirmware (§5.19) with a location of ChargeScope\'s is answered; FirmwareStatusNotification (§4.5) reports Downloading, Downloaded, Installing, the charger reboots (BootNotification) and reports Installed. Runs only when picked by name: it changes the charger\'s firmware.',
    async run(ctx, { transfers }) {
      if (!ctx.params.firmwareId) throw skipped('choose a firmware image (params.firmwareId) to run this case');
      if (!transfers) throw inconclusive('no file server in this setup');
      const t = transfers.createFirmware(ctx.chargerId, ctx.params.firmwareId, ctx.params.protocol);
      const from = ctx.mark();
      const r = await ctx.call('UpdateFirmware', { location: t.location, retrieveDate: ctx.iso() });
      if (r.errorCode !== null) throw fail(`UpdateFirmware was answered with CALLERROR ${r.errorCode}`);
      const limit = ctx.params.rebootSec * 1000 * 2;
      const end = await ctx.waitCall('FirmwareStatusNotification', from, limit, (p) => FIRMWARE_DONE.includes(String(p['status'])));
      if (!end) throw fail(`no FirmwareStatusNotification Installed within ${limit / 1000} s`);
      const status = String(payloadOf(end)['status']);
      if (status !== 'Installed') throw fail(`the update ended ${status} (#${end.seq})`);
      const seen = ctx.calls('FirmwareStatusNotification', from).map((f) => String(payloadOf(f)['status']));
      const boot = ctx.calls('BootNotification', from);
      const missing = ['Downloading', 'Downloaded', 'Installing'].filter((s) => !seen.includes(s));
      if (missing.length) throw fail(`Installed came without ${missing.join(', ')} before it`);
      if (boot.length === 0) throw fail('Installed without a reboot (no BootNotification)');
      ctx.evidence(...boot.map((b) => b.seq));
      return `${seen.join(' → ')}, rebooted (#${boot[0]!.seq})`;
    },
  },
];
