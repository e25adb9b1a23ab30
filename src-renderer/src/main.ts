import './early';
import { mount } from 'svelte';
import App from './App.svelte';
import './styles/global.css';

const target = document.getElementById('app');
if (!target) throw new Error('Ringside: #app element missing from index.html');
mount(App, { target });
