/** The top bar: documents, templates, editing, view, theme and language. */
import { useTranslation } from 'react-i18next';
import { runCommand } from '../actions/commands.ts';
import { toggleLanguage } from '../i18n/index.ts';
import { useDocStore } from '../store/docStore.ts';
import { useUiStore } from '../store/uiStore.ts';
import { DocTitle } from './DocTitle.tsx';
import { TemplateMenu } from './TemplateMenu.tsx';
import { Icon } from '../common/Icon.tsx';
import './Toolbar.css';

function ToolButton({
  label,
  icon,
  onClick,
  disabled,
  testId,
  shortcut,
}: {
  label: string;
  icon: string;
  onClick(): void;
  disabled?: boolean;
  testId?: string;
  shortcut?: string;
}) {
  return (
    <button
      type="button"
      className="tool"
      onClick={onClick}
      disabled={disabled}
      title={shortcut ? `${label} (${shortcut})` : label}
      aria-label={label}
      data-testid={testId}
    >
      <Icon name={icon} />
      <span className="tool-label">{label}</span>
    </button>
  );
}

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

export function Toolbar() {
  const { t, i18n } = useTranslation();
  const canUndo = useDocStore((s) => s.past.length > 0);
  const canRedo = useDocStore((s) => s.future.length > 0);
  const theme = useUiStore((s) => s.theme);
  return (
    <header className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      <div className="brand">
        <span className="brand-mark">
          <Icon name="logo" size={20} />
        </span>
        {t('appName')}
      </div>
      <div className="tool-group">
        <ToolButton
          icon="new"
          label={t('toolbar.new')}
          onClick={() => runCommand('file:new')}
          testId="doc-new"
          shortcut={`${MOD}N`}
        />
        <ToolButton
          icon="open"
          label={t('toolbar.open')}
          onClick={() => runCommand('file:open')}
          testId="doc-open"
          shortcut={`${MOD}O`}
        />
        <ToolButton
          icon="save"
          label={t('toolbar.save')}
          onClick={() => runCommand('file:save')}
          testId="doc-save"
          shortcut={`${MOD}S`}
        />
        <ToolButton
          icon="saveAs"
          label={t('toolbar.saveAs')}
          onClick={() => runCommand('file:saveAs')}
          testId="doc-save-as"
          shortcut={`Shift+${MOD}S`}
        />
        <TemplateMenu />
      </div>
      <div className="tool-group">
        <ToolButton
          icon="undo"
          label={t('toolbar.undo')}
          onClick={() => runCommand('edit:undo')}
          disabled={!canUndo}
          testId="undo"
          shortcut={`${MOD}Z`}
        />
        <ToolButton
          icon="redo"
          label={t('toolbar.redo')}
          onClick={() => runCommand('edit:redo')}
          disabled={!canRedo}
          testId="redo"
          shortcut={`Shift+${MOD}Z`}
        />
        <ToolButton
          icon="layout"
          label={t('toolbar.layout')}
          onClick={() => runCommand('edit:autoLayout')}
          testId="auto-layout"
        />
        <ToolButton icon="fit" label={t('toolbar.fit')} onClick={() => runCommand('view:fit')} testId="fit-view" />
      </div>
      <DocTitle />
      <div className="tool-group tool-group-end">
        <button
          type="button"
          className="tool tool-compact"
          onClick={toggleLanguage}
          title={t('toolbar.language')}
          data-testid="toggle-language"
        >
          <Icon name="globe" />
          <span className="tool-label-always">{i18n.language === 'zh' ? 'EN' : '中文'}</span>
        </button>
        <button
          type="button"
          className="tool tool-compact"
          onClick={() => runCommand('view:theme')}
          title={t('toolbar.theme')}
          data-testid="toggle-theme"
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </div>
    </header>
  );
}
