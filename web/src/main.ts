import { createApp } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/dist/index.css';
import './style.css';
import App from '@/app/App.vue';
import { i18n } from '@/shared/i18n';
import { router } from '@/app/router';
import { api } from '@/shared/api/client';
import { useSessionStore } from '@/features/auth/session';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

document.documentElement.lang = i18n.global.locale.value;

// A 401 on any call after log-in means the session is gone: back to the log-in page.
api.onUnauthenticated = () => {
  const session = useSessionStore(pinia);
  session.forget();
  const current = router.currentRoute.value;
  if (current.name !== 'login') {
    void router.push({ name: 'login', query: { next: current.fullPath, expired: '1' } });
  }
};

app.mount('#app');
