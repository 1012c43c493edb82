package deploy_test

import (
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const k8sDir = "kubernetes"

// object is one Kubernetes manifest; spec is decoded per kind.
type object struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string
	Metadata   struct {
		Name   string
		Labels map[string]string
	}
	Spec yaml.Node
}

type kustomization struct {
	Resources          []string
	ConfigMapGenerator []generator `yaml:"configMapGenerator"`
	SecretGenerator    []generator `yaml:"secretGenerator"`
	Images             []struct {
		Name    string
		NewName string `yaml:"newName"`
		NewTag  string `yaml:"newTag"`
	}
}

type generator struct {
	Name string
	Envs []string
}

type labelSelector struct {
	MatchLabels map[string]string `yaml:"matchLabels"`
}

// selects reports whether the selector picks pods with these labels.
func (s labelSelector) selects(labels map[string]string) bool {
	if len(s.MatchLabels) == 0 {
		return false
	}
	for k, v := range s.MatchLabels {
		if labels[k] != v {
			return false
		}
	}
	return true
}

type probe struct {
	HTTPGet *struct {
		Path string
		Port yaml.Node
	} `yaml:"httpGet"`
}

type container struct {
	Name  string
	Image string
	Ports []struct {
		Name          string
		ContainerPort int `yaml:"containerPort"`
	}
	EnvFrom []struct {
		ConfigMapRef *struct{ Name string } `yaml:"configMapRef"`
		SecretRef    *struct{ Name string } `yaml:"secretRef"`
	} `yaml:"envFrom"`
	Env            []struct{ Name string }
	ReadinessProbe *probe `yaml:"readinessProbe"`
	LivenessProbe  *probe `yaml:"livenessProbe"`
	Lifecycle      struct {
		PreStop struct {
			Sleep struct{ Seconds int }
		} `yaml:"preStop"`
	}
	SecurityContext struct {
		ReadOnlyRootFilesystem   bool  `yaml:"readOnlyRootFilesystem"`
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	} `yaml:"securityContext"`
}

// port resolves a probe's or Service's port (a number or a port name).
func (c container) port(n yaml.Node) int {
	if p, err := strconv.Atoi(n.Value); err == nil {
		return p
	}
	for _, p := range c.Ports {
		if p.Name == n.Value {
			return p.ContainerPort
		}
	}
	return 0
}

type deploymentSpec struct {
	Replicas *int
	Selector labelSelector
	Template struct {
		Metadata struct{ Labels map[string]string }
		Spec     struct {
			TerminationGracePeriodSeconds int `yaml:"terminationGracePeriodSeconds"`
			SecurityContext               struct {
				RunAsNonRoot bool `yaml:"runAsNonRoot"`
				RunAsUser    int  `yaml:"runAsUser"`
			} `yaml:"securityContext"`
			Containers []container
		}
	}
}

type serviceSpec struct {
	Selector map[string]string
	Ports    []struct {
		Name       string
		Port       int
		TargetPort yaml.Node `yaml:"targetPort"`
	}
}

type hpaSpec struct {
	ScaleTargetRef struct {
		APIVersion string `yaml:"apiVersion"`
		Kind       string
		Name       string
	} `yaml:"scaleTargetRef"`
	MinReplicas int `yaml:"minReplicas"`
	MaxReplicas int `yaml:"maxReplicas"`
}

type pdbSpec struct {
	Selector       labelSelector
	MaxUnavailable any `yaml:"maxUnavailable"`
	MinAvailable   any `yaml:"minAvailable"`
}

type routeSpec struct {
	ParentRefs []struct{ Name string } `yaml:"parentRefs"`
	Rules      []struct {
		Matches []struct {
			Path struct{ Type, Value string }
		}
		BackendRefs []struct {
			Kind string
			Name string
			Port int
		} `yaml:"backendRefs"`
		Timeouts *struct {
			Request        string
			BackendRequest string `yaml:"backendRequest"`
		}
	}
}

// cluster is everything in deploy/kubernetes.
type cluster struct {
	kust    kustomization
	objects map[string]object // by kind; one of each
}

func loadCluster(t *testing.T) cluster {
	t.Helper()
	c := cluster{objects: map[string]object{}}
	decodeYAML(t, k8sDir+"/kustomization.yaml", &c.kust)
	entries, err := os.ReadDir(k8sDir)
	if err != nil {
		t.Fatal(err)
	}
	var manifests []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".yaml") && n != "kustomization.yaml" {
			manifests = append(manifests, n)
		}
	}
	if got, want := slices.Sorted(slices.Values(c.kust.Resources)), manifests; !slices.Equal(got, want) {
		t.Errorf("kustomization resources %q, want every manifest %q", got, want)
	}
	for _, file := range manifests {
		for i, doc := range yamlDocs(t, k8sDir+"/"+file) {
			var o object
			if err := doc.Decode(&o); err != nil {
				t.Fatalf("%s #%d: %v", file, i, err)
			}
			if o.APIVersion == "" || o.Kind == "" || o.Metadata.Name == "" {
				t.Fatalf("%s #%d: apiVersion %q, kind %q, name %q", file, i, o.APIVersion, o.Kind, o.Metadata.Name)
			}
			if _, dup := c.objects[o.Kind]; dup {
				t.Fatalf("%s: a second %s", file, o.Kind)
			}
			c.objects[o.Kind] = o
		}
	}
	return c
}

// spec decodes the spec of the one object of kind into v, checking its
// apiVersion.
func (c cluster) spec(t *testing.T, kind, apiVersion string, v any) object {
	t.Helper()
	o, ok := c.objects[kind]
	if !ok {
		t.Fatalf("no %s in %s/", kind, k8sDir)
	}
	if o.APIVersion != apiVersion {
		t.Errorf("%s apiVersion %s, want %s", kind, o.APIVersion, apiVersion)
	}
	if err := o.Spec.Decode(v); err != nil {
		t.Fatalf("%s spec: %v", kind, err)
	}
	return o
}

func (c cluster) deployment(t *testing.T) (object, deploymentSpec, container) {
	t.Helper()
	var d deploymentSpec
	o := c.spec(t, "Deployment", "apps/v1", &d)
	cs := d.Template.Spec.Containers
	if len(cs) != 1 {
		t.Fatalf("Deployment has %d containers, want 1", len(cs))
	}
	return o, d, cs[0]
}

// TestKubernetesDeployment: the Ting image on 8080, liveness on /healthz,
// readiness on /readyz, non-root, settings from the generated ConfigMap and
// Secret, and time enough to drain.
func TestKubernetesDeployment(t *testing.T) {
	c := loadCluster(t)
	_, d, ting := c.deployment(t)
	if !d.Selector.selects(d.Template.Metadata.Labels) {
		t.Errorf("selector %v does not select the pod labels %v", d.Selector.MatchLabels, d.Template.Metadata.Labels)
	}
	if d.Replicas != nil {
		t.Error("Deployment sets replicas: every apply would undo the autoscaler")
	}

	var name, tag string
	for _, im := range c.kust.Images {
		if im.Name == ting.Image {
			name, tag = im.NewName, im.NewTag
		}
	}
	if path.Base(name) != "ting" || tag == "" || tag == "latest" {
		t.Errorf("kustomization sets image %q to %q tag %q, want a …/ting image and a pinned tag", ting.Image, name, tag)
	}

	if len(ting.Ports) != 1 || ting.Ports[0].ContainerPort != 8080 {
		t.Errorf("container ports %+v, want 8080", ting.Ports)
	}
	for _, p := range []struct {
		name  string
		probe *probe
		path  string
	}{{"livenessProbe", ting.LivenessProbe, "/healthz"}, {"readinessProbe", ting.ReadinessProbe, "/readyz"}} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("no %s httpGet", p.name)
			continue
		}
		if p.probe.HTTPGet.Path != p.path || ting.port(p.probe.HTTPGet.Port) != 8080 {
			t.Errorf("%s on %s port %s, want %s on 8080", p.name, p.probe.HTTPGet.Path, p.probe.HTTPGet.Port.Value, p.path)
		}
	}

	pod := d.Template.Spec
	if !pod.SecurityContext.RunAsNonRoot || pod.SecurityContext.RunAsUser == 0 {
		t.Errorf("pod securityContext %+v, want runAsNonRoot and a non-root runAsUser", pod.SecurityContext)
	}
	if sc := ting.SecurityContext; !sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Errorf("container securityContext %+v, want a read-only root and no privilege escalation", sc)
	}

	var configMaps, secrets []string
	for _, e := range ting.EnvFrom {
		if e.ConfigMapRef != nil {
			configMaps = append(configMaps, e.ConfigMapRef.Name)
		}
		if e.SecretRef != nil {
			secrets = append(secrets, e.SecretRef.Name)
		}
	}
	if len(configMaps) != 1 || len(c.kust.ConfigMapGenerator) != 1 || configMaps[0] != c.kust.ConfigMapGenerator[0].Name {
		t.Errorf("envFrom ConfigMaps %q, want the one kustomization generates", configMaps)
	}
	if len(secrets) != 1 || len(c.kust.SecretGenerator) != 1 || secrets[0] != c.kust.SecretGenerator[0].Name {
		t.Errorf("envFrom Secrets %q, want the one kustomization generates", secrets)
	}
	env := map[string]string{}
	for _, e := range ting.Env {
		env[e.Name] = ""
	}
	checkSettings(t, "Deployment env", env)

	// SIGTERM comes after preStop; Ting then has TING_SHUTDOWN_TIMEOUT to
	// close every phone before the kubelet kills it.
	need := time.Duration(ting.Lifecycle.PreStop.Sleep.Seconds)*time.Second + shutdownTimeout(t, settingsOf(t, c))
	if grace := time.Duration(pod.TerminationGracePeriodSeconds) * time.Second; grace <= need {
		t.Errorf("terminationGracePeriodSeconds %v, want more than preStop + TING_SHUTDOWN_TIMEOUT = %v", grace, need)
	}
}

// TestKubernetesSettings: the generated ConfigMap and Secret hold only
// settings Ting has, the Redis URL (with its password) in the Secret.
func TestKubernetesSettings(t *testing.T) {
	settingsOf(t, loadCluster(t))
}

// settingsOf reads and checks the settings of the generated ConfigMap and
// Secret.
func settingsOf(t *testing.T, c cluster) map[string]string {
	t.Helper()
	all := map[string]string{}
	load := func(kind string, gens []generator) map[string]string {
		env := map[string]string{}
		for _, g := range gens {
			for _, f := range g.Envs {
				if f == "secret.env" { // made on each cluster from the example
					f = "secret.env.example"
				}
				for k, v := range envFile(t, k8sDir+"/"+f) {
					env[k], all[k] = v, v
				}
			}
		}
		checkSettings(t, kind, env)
		return env
	}
	config := load("ConfigMap", c.kust.ConfigMapGenerator)
	secret := load("Secret", c.kust.SecretGenerator)
	if _, ok := config["TING_REDIS_URL"]; ok {
		t.Error("TING_REDIS_URL is in the ConfigMap: it holds a password, put it in the Secret")
	}
	if !strings.HasPrefix(secret["TING_REDIS_URL"], "redis://") {
		t.Errorf("Secret TING_REDIS_URL %q: several pods need the Redis engine", secret["TING_REDIS_URL"])
	}
	return all
}

// TestKubernetesSecretNotCommitted: the real secret.env stays out of git.
func TestKubernetesSecretNotCommitted(t *testing.T) {
	ignore := strings.Fields(string(read(t, k8sDir+"/.gitignore")))
	if !slices.Contains(ignore, "secret.env") {
		t.Errorf("%s/.gitignore does not name secret.env", k8sDir)
	}
}

// TestKubernetesService: the Service selects the pods and reaches 8080.
func TestKubernetesService(t *testing.T) {
	c := loadCluster(t)
	_, d, ting := c.deployment(t)
	var s serviceSpec
	c.spec(t, "Service", "v1", &s)
	if !(labelSelector{MatchLabels: s.Selector}).selects(d.Template.Metadata.Labels) {
		t.Errorf("Service selector %v does not select the pod labels %v", s.Selector, d.Template.Metadata.Labels)
	}
	if len(s.Ports) != 1 {
		t.Fatalf("Service has %d ports, want 1", len(s.Ports))
	}
	if p := s.Ports[0]; p.Port != 8080 || ting.port(p.TargetPort) != 8080 {
		t.Errorf("Service port %d to %s, want 8080 to the container's 8080", p.Port, p.TargetPort.Value)
	}
}

// TestKubernetesAutoscaling: the HPA scales the Deployment, never below
// two pods; the PodDisruptionBudget covers the same pods.
func TestKubernetesAutoscaling(t *testing.T) {
	c := loadCluster(t)
	dep, d, _ := c.deployment(t)
	var h hpaSpec
	c.spec(t, "HorizontalPodAutoscaler", "autoscaling/v2", &h)
	if r := h.ScaleTargetRef; r.APIVersion != "apps/v1" || r.Kind != "Deployment" || r.Name != dep.Metadata.Name {
		t.Errorf("HPA targets %+v, want Deployment %s", r, dep.Metadata.Name)
	}
	if h.MinReplicas < 2 || h.MaxReplicas < h.MinReplicas {
		t.Errorf("HPA replicas %d to %d, want at least 2 so one can drain", h.MinReplicas, h.MaxReplicas)
	}

	var p pdbSpec
	c.spec(t, "PodDisruptionBudget", "policy/v1", &p)
	if !p.Selector.selects(d.Template.Metadata.Labels) {
		t.Errorf("PDB selector %v does not select the pod labels %v", p.Selector.MatchLabels, d.Template.Metadata.Labels)
	}
	if (p.MaxUnavailable == nil) == (p.MinAvailable == nil) {
		t.Error("PDB wants exactly one of maxUnavailable and minAvailable")
	}
}

// TestKubernetesRoute: the HTTPRoute sends everything to the Service's
// port, with timeouts on every rule and none on the WebSocket.
func TestKubernetesRoute(t *testing.T) {
	c := loadCluster(t)
	svc := c.objects["Service"]
	var s serviceSpec
	c.spec(t, "Service", "v1", &s)
	if len(s.Ports) == 0 {
		t.Fatal("Service has no port")
	}
	var r routeSpec
	c.spec(t, "HTTPRoute", "gateway.networking.k8s.io/v1", &r)
	if len(r.ParentRefs) == 0 || len(r.Rules) == 0 {
		t.Fatalf("HTTPRoute has %d parentRefs and %d rules", len(r.ParentRefs), len(r.Rules))
	}
	var ws, root bool
	for i, rule := range r.Rules {
		for _, b := range rule.BackendRefs {
			if (b.Kind != "" && b.Kind != "Service") || b.Name != svc.Metadata.Name || b.Port != s.Ports[0].Port {
				t.Errorf("rule %d: backend %+v, want Service %s port %d", i, b, svc.Metadata.Name, s.Ports[0].Port)
			}
		}
		if len(rule.BackendRefs) == 0 {
			t.Errorf("rule %d has no backendRefs", i)
		}
		if rule.Timeouts == nil || rule.Timeouts.Request == "" {
			t.Errorf("rule %d sets no request timeout", i)
			continue
		}
		for _, m := range rule.Matches {
			switch {
			case m.Path.Value == "/ws":
				ws = true
				if rule.Timeouts.Request != "0s" || (rule.Timeouts.BackendRequest != "" && rule.Timeouts.BackendRequest != "0s") {
					t.Errorf("/ws timeouts %+v, want request 0s: a WebSocket lives for the whole workshop", *rule.Timeouts)
				}
			case m.Path.Type == "PathPrefix" && m.Path.Value == "/":
				root = true
			}
		}
	}
	if !ws || !root {
		t.Errorf("HTTPRoute rules for /ws: %v, for /: %v; want both", ws, root)
	}
}
