// libtorch's CUDA graphs for the JVM: the native side of org.minimind.workbench.model.CudaGraph.
// Built by src/main/bash/install-torch-jni.sh against the same libtorch as DJL's JNI, so both use
// one caching allocator and one set of streams:
//   c++ -O2 -std=c++17 -shared -fPIC cuda_graph_jni.cpp -I<torch>/include
//       -I<torch>/include/torch/csrc/api/include -I<cuda>/include -I<jdk>/include
//       -I<jdk>/include/linux -L<torch>/lib -ltorch_cuda -ltorch_cpu -lc10_cuda -lc10
#include <jni.h>

#include <ATen/cuda/CUDAEvent.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAStream.h>

#include <exception>
#include <optional>

namespace {

struct Graph {
  at::cuda::CUDAGraph graph;
  std::optional<c10::cuda::CUDAStream> previous;
  std::optional<c10::cuda::CUDAStream> side;
};

Graph* graph(jlong handle) { return reinterpret_cast<Graph*>(handle); }

void rethrow(JNIEnv* env, const std::exception& e) {
  jclass c = env->FindClass("java/lang/IllegalStateException");
  if (c != nullptr) env->ThrowNew(c, e.what());
}

// The side stream waits for `from`, then becomes the calling thread's current stream.
void switch_to(Graph* g) {
  g->previous = c10::cuda::getCurrentCUDAStream();
  g->side = c10::cuda::getStreamFromPool();
  at::cuda::CUDAEvent ready;
  ready.record(*g->previous);
  ready.block(*g->side);
  c10::cuda::setCurrentCUDAStream(*g->side);
}

// The calling thread's stream becomes the one before switch_to again, waiting for the side one.
void switch_back(Graph* g) {
  if (!g->previous) return;
  at::cuda::CUDAEvent done;
  done.record(*g->side);
  done.block(*g->previous);
  c10::cuda::setCurrentCUDAStream(*g->previous);
  g->previous.reset();
}

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_org_minimind_workbench_model_CudaGraph_nCreate(JNIEnv* env, jclass) {
  try {
    return reinterpret_cast<jlong>(new Graph());
  } catch (const std::exception& e) {
    rethrow(env, e);
    return 0;
  }
}

JNIEXPORT void JNICALL Java_org_minimind_workbench_model_CudaGraph_nUseSideStream(
    JNIEnv* env, jclass, jlong handle) {
  try {
    switch_to(graph(handle));
  } catch (const std::exception& e) {
    rethrow(env, e);
  }
}

JNIEXPORT void JNICALL Java_org_minimind_workbench_model_CudaGraph_nCaptureBegin(
    JNIEnv* env, jclass, jlong handle) {
  try {
    // thread-local: other threads (the JVM's, DJL's) may keep calling CUDA while this one records
    graph(handle)->graph.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
  } catch (const std::exception& e) {
    rethrow(env, e);
  }
}

JNIEXPORT void JNICALL Java_org_minimind_workbench_model_CudaGraph_nCaptureEnd(
    JNIEnv* env, jclass, jlong handle) {
  Graph* g = graph(handle);
  try {
    g->graph.capture_end();
    switch_back(g);
  } catch (const std::exception& e) {
    try {
      switch_back(g);
    } catch (const std::exception&) {
    }
    rethrow(env, e);
  }
}

JNIEXPORT void JNICALL Java_org_minimind_workbench_model_CudaGraph_nReplay(
    JNIEnv* env, jclass, jlong handle) {
  try {
    graph(handle)->graph.replay();
  } catch (const std::exception& e) {
    rethrow(env, e);
  }
}

JNIEXPORT void JNICALL Java_org_minimind_workbench_model_CudaGraph_nDestroy(
    JNIEnv* env, jclass, jlong handle) {
  try {
    Graph* g = graph(handle);
    switch_back(g);
    delete g;
  } catch (const std::exception& e) {
    rethrow(env, e);
  }
}

}  // extern "C"
