import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Welcome from './Welcome.svelte';

describe('Welcome', () => {
  it('shows the product name as the page heading', () => {
    render(Welcome);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ringside');
  });

  it('announces the status it is given', () => {
    render(Welcome, { status: 'Demo mode' });
    expect(screen.getByRole('status').textContent).toBe('Demo mode');
  });
});
